import { ConfigError, loadConfig as loadPlatformConfig, type AppConfig } from '../../platform/config/config.js';
import { checkDefaultPreferences } from './default-preferences.validator.js';

/** loadConfig with this check, as the composition root passes it. */
const loadConfig = (env: Record<string, string>): AppConfig => loadPlatformConfig(env, { DEFAULT_PREFERENCES: checkDefaultPreferences });

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('DEFAULT_PREFERENCES at start-up', () => {
  it('is optional, and empty means unset', () => {
    expect(loadConfig({}).DEFAULT_PREFERENCES).toBeUndefined();
    expect(loadConfig({ DEFAULT_PREFERENCES: '' }).DEFAULT_PREFERENCES).toBeUndefined();
  });

  it('accepts a JSON object of valid preferences', () => {
    expect(loadConfig({ DEFAULT_PREFERENCES: '{"volume":50,"region":null}' }).DEFAULT_PREFERENCES).toBe('{"volume":50,"region":null}');
  });

  it.each([
    ['{"volume":50', /not valid JSON/],
    ['"hd720"', /Send a JSON object of preferences/],
    ['{"volume":500}', /Invalid value for "volume": expected an integer 0–100/],
    ['{"colour":"red","speed":9}', /Unknown preference keys: colour; Invalid value for "speed": expected a number 0\.25–4\.0/],
  ])('stops start-up naming the variable and the problem for %s', (value, problem) => {
    const problems = problemsOf({ DEFAULT_PREFERENCES: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Invalid environment variable DEFAULT_PREFERENCES=.*: expected a JSON object of preference defaults/);
    expect(problems[0]).toMatch(problem);
  });
});
