import type { ConfigChecks } from './platform/config/config.js';
import { checkDefaultPreferences } from './invidious/preferences/default-preferences.validator.js';

/** The start-up checks feature modules own, which every entry point passes to `loadConfig`. */
export const CONFIG_CHECKS: ConfigChecks = {
  DEFAULT_PREFERENCES: checkDefaultPreferences,
};
