import {
  NOT_AN_OBJECT,
  PREFERENCE_KEYS,
  PREFERENCE_RULES,
  parseDefaultPreferences,
  resolvePreferences,
  validatePatch,
  withoutNulls,
} from './preferences-schema.js';

/** docs/dialects/invidious.md#preferences's table, written out independently of the code. */
const SPEC_DEFAULTS = {
  annotations: false,
  annotations_subscribed: false,
  autoplay: false,
  automatic_instance_redirect: false,
  continue: false,
  latest_only: false,
  listen: false,
  local: false,
  notifications_only: false,
  thin_mode: false,
  unseen_only: false,
  video_loop: false,
  extend_desc: false,
  save_player_pos: false,
  search_privacy: false,
  preload: true,
  continue_autoplay: true,
  watch_history: true,
  vr_mode: true,
  show_nick: true,
  related_videos: true,
  captions: ['', '', ''],
  comments: ['youtube', ''],
  dark_mode: '',
  locale: 'en-US',
  region: 'US',
  max_results: 40,
  player_style: 'invidious',
  quality: 'dash',
  quality_dash: 'auto',
  default_home: 'Popular',
  feed_menu: ['Popular', 'Trending', 'Subscriptions', 'Playlists'],
  sort: 'published',
  speed: 1.0,
  volume: 100,
  default_playlist: null,
};

const accepted = (key: string, value: unknown) => {
  const result = validatePatch({ [key]: value });
  if (!result.ok) throw new Error(`${key}=${JSON.stringify(value)} refused: ${result.problems.join('; ')}`);
  return (result.values as Record<string, unknown>)[key];
};
const problemsOf = (body: unknown) => {
  const result = validatePatch(body);
  return result.ok ? [] : result.problems;
};

describe('the preferences table', () => {
  it('has exactly the keys and built-in defaults of the spec', () => {
    expect(resolvePreferences({}, {})).toEqual(SPEC_DEFAULTS);
    expect([...PREFERENCE_KEYS].sort()).toEqual(Object.keys(SPEC_DEFAULTS).sort());
  });

  it('accepts every default as a value', () => {
    for (const key of PREFERENCE_KEYS) expect(accepted(key, PREFERENCE_RULES[key].default)).toEqual(PREFERENCE_RULES[key].default);
  });

  it('refuses null for keys that are not nullable', () => {
    const nullable = PREFERENCE_KEYS.filter((key) => validatePatch({ [key]: null }).ok);
    expect(nullable.sort()).toEqual(['default_home', 'default_playlist', 'region']);
  });
});

describe('validatePatch: values and normalisers', () => {
  it.each(PREFERENCE_KEYS.filter((key) => typeof PREFERENCE_RULES[key].default === 'boolean'))('%s takes only JSON booleans', (key) => {
    expect(accepted(key, true)).toBe(true);
    expect(accepted(key, false)).toBe(false);
    for (const bad of ['true', 1, 0, null, []]) expect(problemsOf({ [key]: bad })).toEqual([`Invalid value for "${key}": expected true or false`]);
  });

  it('captions: a lone string, or up to 3 strings of at most 100 characters, padded to 3', () => {
    expect(accepted('captions', 'en')).toEqual(['en', '', '']);
    expect(accepted('captions', [])).toEqual(['', '', '']);
    expect(accepted('captions', ['en'])).toEqual(['en', '', '']);
    expect(accepted('captions', ['en', 'de'])).toEqual(['en', 'de', '']);
    expect(accepted('captions', ['en', 'de', 'fr'])).toEqual(['en', 'de', 'fr']);
    expect(accepted('captions', ['x'.repeat(100)])).toEqual(['x'.repeat(100), '', '']);
    for (const bad of [['a', 'b', 'c', 'd'], ['x'.repeat(101)], 'x'.repeat(101), [1], null, 5]) {
      expect(problemsOf({ captions: bad })[0]).toMatch(/^Invalid value for "captions": expected up to 3 caption languages/);
    }
  });

  it('comments: up to 2 of youtube, reddit, "", padded to 2', () => {
    expect(accepted('comments', [])).toEqual(['', '']);
    expect(accepted('comments', ['reddit'])).toEqual(['reddit', '']);
    expect(accepted('comments', ['reddit', 'youtube'])).toEqual(['reddit', 'youtube']);
    expect(accepted('comments', 'reddit')).toEqual(['reddit', '']);
    for (const bad of [['youtube', 'reddit', ''], ['disqus'], 'disqus', null]) {
      expect(problemsOf({ comments: bad })).toEqual(['Invalid value for "comments": expected up to 2 of "youtube", "reddit", ""']);
    }
  });

  it('dark_mode: "", dark or light; true means dark and false light', () => {
    expect(accepted('dark_mode', true)).toBe('dark');
    expect(accepted('dark_mode', false)).toBe('light');
    for (const value of ['', 'dark', 'light']) expect(accepted('dark_mode', value)).toBe(value);
    for (const bad of ['auto', 'Dark', null, 1])
      expect(problemsOf({ dark_mode: bad })[0]).toMatch(/^Invalid value for "dark_mode": expected one of "", "dark", "light"/);
  });

  it('locale: a language tag of at most 100 characters', () => {
    const tagOfLength = (length: number) => `en${'-abcdefg'.repeat(13)}`.slice(0, length);
    expect(tagOfLength(100)).toHaveLength(100);
    for (const value of ['en-US', 'fr', 'pt-BR', 'sr_Cyrl', 'zh-TW', tagOfLength(100)]) expect(accepted('locale', value)).toBe(value);
    for (const bad of ['', 'e', 'en US', 'english!', tagOfLength(101), null, 1]) {
      expect(problemsOf({ locale: bad })[0]).toMatch(/^Invalid value for "locale": expected a language tag/);
    }
  });

  it('region: 2 upper-case letters, or null', () => {
    expect(accepted('region', 'DE')).toBe('DE');
    expect(accepted('region', null)).toBeNull();
    for (const bad of ['de', 'DEU', 'D', '', 1]) {
      expect(problemsOf({ region: bad })).toEqual(['Invalid value for "region": expected a region code of 2 upper-case letters such as "US", or null']);
    }
  });

  it.each([
    ['max_results', 0, 1500, 'an integer 0–1500'],
    ['volume', 0, 100, 'an integer 0–100'],
  ])('%s: an integer from %d to %d', (key, min, max, expected) => {
    expect(accepted(key, min)).toBe(min);
    expect(accepted(key, max)).toBe(max);
    expect(accepted(key, 10.0)).toBe(10);
    for (const bad of [min - 1, max + 1, 10.5, '10', null, true])
      expect(problemsOf({ [key]: bad })).toEqual([`Invalid value for "${key}": expected ${expected}`]);
  });

  it('speed: a number from 0.25 to 4.0', () => {
    for (const value of [0.25, 1, 1.5, 4]) expect(accepted('speed', value)).toBe(value);
    for (const bad of [0.24, 4.01, 0, -1, '2', null]) expect(problemsOf({ speed: bad })).toEqual(['Invalid value for "speed": expected a number 0.25–4.0']);
  });

  it.each([
    ['player_style', ['invidious', 'youtube']],
    ['quality', ['dash', 'hd720', 'medium', 'small']],
    ['quality_dash', ['auto', 'best', '4320p', '2160p', '1440p', '1080p', '720p', '480p', '360p', '240p', '144p', 'worst']],
    ['sort', ['published', 'published - reverse', 'alphabetically', 'alphabetically - reverse', 'channel name', 'channel name - reverse']],
  ])('%s: one of its values', (key, values) => {
    for (const value of values) expect(accepted(key, value)).toBe(value);
    for (const bad of ['', 'other', values[0].toUpperCase(), null]) {
      expect(problemsOf({ [key]: bad })).toEqual([`Invalid value for "${key}": expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`]);
    }
  });

  it('default_home: "", Popular, Trending, Subscriptions, Playlists or null', () => {
    for (const value of ['', 'Popular', 'Trending', 'Subscriptions', 'Playlists', null]) expect(accepted('default_home', value)).toBe(value);
    expect(problemsOf({ default_home: 'Search' })).toEqual([
      'Invalid value for "default_home": expected one of "", "Popular", "Trending", "Subscriptions", "Playlists", or null',
    ]);
  });

  it('feed_menu: distinct values from the four pages', () => {
    expect(accepted('feed_menu', [])).toEqual([]);
    expect(accepted('feed_menu', ['Playlists', 'Popular'])).toEqual(['Playlists', 'Popular']);
    for (const bad of [['Popular', 'Popular'], ['Search'], 'Popular', null]) {
      expect(problemsOf({ feed_menu: bad })).toEqual([
        'Invalid value for "feed_menu": expected distinct values from "Popular", "Trending", "Subscriptions", "Playlists"',
      ]);
    }
  });

  it('default_playlist: a playlist id of at most 100 characters, or null', () => {
    expect(accepted('default_playlist', 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK')).toBe('IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK');
    expect(accepted('default_playlist', 'P'.repeat(100))).toBe('P'.repeat(100));
    expect(accepted('default_playlist', null)).toBeNull();
    for (const bad of ['P'.repeat(101), '', 'has space', 7])
      expect(problemsOf({ default_playlist: bad })[0]).toMatch(/^Invalid value for "default_playlist": expected a playlist id/);
  });
});

describe('validatePatch: the body', () => {
  it('accepts {} as an empty patch', () => {
    expect(validatePatch({})).toEqual({ ok: true, values: {} });
  });

  it('returns only the keys sent, normalised', () => {
    expect(validatePatch({ speed: 2.0, volume: 10, captions: 'en' })).toEqual({ ok: true, values: { speed: 2, volume: 10, captions: ['en', '', ''] } });
  });

  it.each([undefined, null, [], [{ volume: 1 }], 'volume', 50, true])('refuses a body that is not an object: %p', (body) => {
    expect(validatePatch(body)).toEqual({ ok: false, problems: [NOT_AN_OBJECT] });
  });

  it('lists unknown keys in one message, including inherited property names', () => {
    expect(problemsOf({ foo: 1, volume: 5, bar: 2 })).toEqual(['Unknown preference keys: foo, bar']);
    expect(problemsOf(JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}'))).toEqual(['Unknown preference keys: __proto__, constructor, toString']);
  });

  it('lists every offender: unknown keys first, then each bad value', () => {
    expect(problemsOf({ volume: 'loud', nope: 1, speed: 9, quality: 'hd720' })).toEqual([
      'Unknown preference keys: nope',
      'Invalid value for "volume": expected an integer 0–100',
      'Invalid value for "speed": expected a number 0.25–4.0',
    ]);
  });
});

describe('resolvePreferences', () => {
  it('layers stored values over instance defaults over built-in ones', () => {
    const resolved = resolvePreferences({ volume: 10 }, { volume: 50, speed: 1.5 });
    expect(resolved).toMatchObject({ volume: 10, speed: 1.5, max_results: 40 });
  });

  it('keeps a stored or configured null rather than falling back', () => {
    expect(resolvePreferences({ region: null }, { region: 'DE' }).region).toBeNull();
    expect(resolvePreferences({}, { region: null }).region).toBeNull();
  });

  it('ignores stored keys no longer in the table and values the rules no longer accept', () => {
    const resolved = resolvePreferences({ retired: true, volume: 1000 }, {});
    expect(resolved).not.toHaveProperty('retired');
    expect(resolved.volume).toBe(100);
  });

  it('never shares arrays between users', () => {
    const a = resolvePreferences({}, {});
    a.feed_menu.push('Popular');
    expect(resolvePreferences({}, {}).feed_menu).toEqual(SPEC_DEFAULTS.feed_menu);
  });

  it('withoutNulls drops null values only', () => {
    const answered = withoutNulls(resolvePreferences({ region: null, autoplay: false }, {}));
    expect(answered).not.toHaveProperty('region');
    expect(answered).not.toHaveProperty('default_playlist');
    expect(answered.autoplay).toBe(false);
    expect(answered.dark_mode).toBe('');
  });
});

describe('parseDefaultPreferences', () => {
  it('returns the validated overrides', () => {
    expect(parseDefaultPreferences('{"volume":50,"dark_mode":true}')).toEqual({ volume: 50, dark_mode: 'dark' });
  });

  it.each([
    ['{volume:50}', /^not valid JSON/],
    ['[1]', /^Send a JSON object of preferences/],
    ['{"volume":500,"x":1}', /^Unknown preference keys: x; Invalid value for "volume": expected an integer 0–100$/],
  ])('says what is wrong with %s', (text, message) => {
    expect(() => parseDefaultPreferences(text)).toThrow(message);
  });
});
