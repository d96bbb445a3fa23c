import type { ConfigCheck } from '../../platform/config/config.js';
import { parseDefaultPreferences } from './preferences-schema.js';

/** What is wrong with a DEFAULT_PREFERENCES value, or undefined when it is acceptable. */
function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'a string';
  try {
    parseDefaultPreferences(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * DEFAULT_PREFERENCES must pass the same rules as a POST of preferences, so a bad value stops
 * start-up (loadConfig's ConfigError names the variable) instead of surfacing on a user's GET.
 * The composition root hands this check to `loadConfig`.
 */
export const checkDefaultPreferences: ConfigCheck = (value) => {
  const problem = problemOf(value);
  return problem === undefined ? undefined : `a JSON object of preference defaults such as {"volume": 50} (${problem})`;
};
