import { readFileSync } from 'node:fs';
import { ConfigError, ENV_KEYS, loadConfig, upstreamKindOf } from './config.js';
import { thrownBy } from '../testing/thrown.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', ROLE: 'all', DATA_DIR: './data', REDIS_PREFIX: 'tubevault', TRUST_PROXY: false });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: 'true', REGISTRATION_ENABLED: '0' });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.REGISTRATION_ENABLED).toBe(false);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": expected an integer port 1-65535/],
    ['PORT', '70000', /PORT="70000"/],
    ['ROLE', 'both', /ROLE="both": expected one of all, api, worker/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x": expected a postgres:\/\/ URL/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL="localhost:6379": expected a redis:\/\/ URL/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY="maybe": expected true or false/],
    ['SECRET_KEY', 'short', /SECRET_KEY="\*\*\*": expected at least 32 characters/],
    ['LOG_FORMAT', 'text', /LOG_FORMAT="text": expected one of json, pretty, or unset/],
  ])('names %s and what it expects when it is %p', (name, value, message) => {
    const error = thrownBy(() => loadConfig({ [name]: value }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(1);
    expect((error as ConfigError).problems[0]).toMatch(message);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    [' 10.0.0.0/8, 192.168.1.5 ,::1,fd00::/8,loopback', ['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8', 'loopback']],
  ])('reads TRUST_PROXY=%p as %p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(['maybe', '17', '-1', '1.5', '10.0.0.0/33', '10.0.0/8', '10.0.0.1,nope', 'fe80::/129', '10.0.0.1/8/2'])(
    'refuses TRUST_PROXY=%p, naming the variable and its forms',
    (value) => {
      const error = thrownBy(() => loadConfig({ TRUST_PROXY: value }));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `Invalid environment variable TRUST_PROXY=${JSON.stringify(value)}: expected true or false, a number of proxy hops 0-16 (e.g. 1 behind one reverse proxy), ` +
          'or comma-separated proxy IPs/CIDRs (e.g. 10.0.0.0/8,192.168.1.5; also loopback, linklocal, uniquelocal); true trusts every hop, so any client can forge its address',
      ]);
    },
  );

  it('requires ADMIN_USERNAME and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_USERNAME: 'admin' })).toThrow(/must be set together/);
  });

  it('applies the checks the composition root supplies, in the order of the variables', () => {
    const onlyFortyTwo = (value: unknown) => (value === '42' ? undefined : 'the answer');
    expect(loadConfig({ DEFAULT_PREFERENCES: 'anything' }).DEFAULT_PREFERENCES).toBe('anything');
    expect(loadConfig({ DEFAULT_PREFERENCES: '42' }, { DEFAULT_PREFERENCES: onlyFortyTwo }).DEFAULT_PREFERENCES).toBe('42');
    const error = thrownBy(() => loadConfig({ PUBLIC_URL: 'nope', DEFAULT_PREFERENCES: '7', YOUTUBE_URL: 'nope' }, { DEFAULT_PREFERENCES: onlyFortyTwo }));
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^Invalid environment variable PUBLIC_URL=/),
      'Invalid environment variable DEFAULT_PREFERENCES="7": expected the answer',
      expect.stringMatching(/^Invalid environment variable YOUTUBE_URL=/),
    ]);
  });

  it('reads UPSTREAM_URL as a comma-separated list of instances, trimmed and deduplicated, naming a bad entry', () => {
    expect(loadConfig({ UPSTREAM_URL: 'https://invidious.example.org' }).UPSTREAM_URL).toEqual(['https://invidious.example.org']);
    expect(loadConfig({ UPSTREAM_URL: ' https://a.example.org/ , http://127.0.0.1:3000,https://a.example.org,, ' }).UPSTREAM_URL).toEqual([
      'https://a.example.org/',
      'http://127.0.0.1:3000',
    ]);
    expect(upstreamKindOf(loadConfig({ UPSTREAM_URL: 'https://a.example.org,https://b.example.org' }))).toBe('invidious');
    expect(() => loadConfig({ UPSTREAM_URL: 'https://a.example.org,ftp://b.example.org' })).toThrow(
      /UPSTREAM_URL="https:\/\/a.example.org,ftp:\/\/b.example.org": expected .*several separated by commas \("ftp:\/\/b.example.org" is not one\)/,
    );
    expect(() => loadConfig({ UPSTREAM_URL: 'invidious.example.org' })).toThrow(/"invidious.example.org" is not one/);
    expect(loadConfig({}).UPSTREAM_FAILURE_THRESHOLD).toBe(3);
    expect(loadConfig({}).UPSTREAM_COOLDOWN_SECONDS).toBe(30);
    expect(() => loadConfig({ UPSTREAM_FAILURE_THRESHOLD: '0' })).toThrow(/UPSTREAM_FAILURE_THRESHOLD="0": expected an integer 1-100/);
    expect(() => loadConfig({ UPSTREAM_COOLDOWN_SECONDS: '0.01' })).toThrow(/UPSTREAM_COOLDOWN_SECONDS="0.01": expected a number of seconds, 0.1-600/);
  });

  it('refreshes from YouTube feeds by default, from Invidious with UPSTREAM_URL, and not at all with UPSTREAM=none', () => {
    expect(upstreamKindOf(loadConfig({}))).toBe('youtube-rss');
    expect(upstreamKindOf(loadConfig({ UPSTREAM_URL: 'https://invidious.example.org' }))).toBe('invidious');
    expect(upstreamKindOf(loadConfig({ UPSTREAM: 'none' }))).toBeNull();
    expect(upstreamKindOf(loadConfig({ UPSTREAM: 'none', UPSTREAM_URL: 'https://invidious.example.org' }))).toBeNull();
    expect(upstreamKindOf(loadConfig({ UPSTREAM: 'youtube-rss', UPSTREAM_URL: 'https://invidious.example.org' }))).toBe('youtube-rss');
    expect(() => loadConfig({ UPSTREAM: 'off' })).toThrow(/UPSTREAM="off": expected one of invidious, youtube-rss, none/);
  });

  it('documents every variable in .env.example, in the same order', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^#?\s?([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(documented).toEqual([...ENV_KEYS]);
  });
});
