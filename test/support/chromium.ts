import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Upper bound of every single browser step (launch, navigation, each click or wait). */
export const STEP_TIMEOUT_MS = 20_000;
/** Where browser tests save their screenshots (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Headless Chromium for the browser tests; `what` names the test in the error when it is missing. */
export function launchChromium(what: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium; .ci/run does) to run ${what}`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STEP_TIMEOUT_MS });
}
