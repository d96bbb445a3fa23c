import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { PURGE_EXPIRED_SESSIONS } from '../src/identity/sessions/session-maintenance.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { ARTIFACTS, launchChromium, STEP_TIMEOUT_MS } from './support/chromium.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

jest.setTimeout(120_000);

describe('the queue dashboard at /admin/queues in a real browser', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // Fail, never skip: a machine without Chromium would otherwise pass without testing the UI.
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    await createUser(app, { username: 'bob', password: 'bob password 123', login: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium('the dashboard test');
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** A fresh browser context: logs in through /login?referer=/admin/queues and lands where the redirect leads. */
  const signInAndOpen = async (username: string, password: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    // The security headers' CSP applies here too: a refused script or connection would show as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('fonts.googleapis.com')) problems.push(message.text());
    });
    await page.goto(`${baseUrl}/login?referer=${encodeURIComponent('/admin/queues')}`);
    await page.locator('input[name="email"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('button[type="submit"]', { hasText: 'Log in' }).click();
    await page.waitForURL(`${baseUrl}/admin/queues`);
    return { context, page, problems };
  };

  it('renders the queues for an admin, and answers 403 to a non-admin', async () => {
    const admin = await signInAndOpen(ADMIN.username, ADMIN.password);
    try {
      for (const queue of ['refresh', 'maintenance']) await admin.page.getByText(queue, { exact: true }).first().waitFor();
      // The repeatable jobs, on the board's schedulers page.
      await admin.page.getByText('Schedulers', { exact: true }).click();
      await admin.page.getByText(PURGE_EXPIRED_SESSIONS).first().waitFor();
      expect(admin.problems.filter((problem) => !/favicon/.test(problem))).toEqual([]);
    } finally {
      mkdirSync(ARTIFACTS, { recursive: true });
      await admin.page.screenshot({ path: `${ARTIFACTS}queue-dashboard.png`, timeout: STEP_TIMEOUT_MS });
      await admin.context.close();
    }

    const bob = await signInAndOpen('bob', 'bob password 123');
    try {
      const again = await bob.page.goto(`${baseUrl}/admin/queues`);
      expect(again?.status()).toBe(403);
      await expect(bob.page.locator('h1').innerText()).resolves.toBe('Forbidden');
    } finally {
      await bob.context.close();
    }
  });
});
