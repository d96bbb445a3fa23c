/**
 * The preferences of docs/dialects/invidious.md#preferences as data: each key's default, what it accepts and how an
 * accepted value is normalised before it is stored. Pure (no Nest, no database), so the HTTP
 * route, DEFAULT_PREFERENCES at start-up and the Invidious import all validate the same way.
 */

export type PreferenceValue = boolean | number | string | string[] | null;

export interface PreferenceRule<T extends PreferenceValue> {
  readonly default: T;
  /** Completes `Invalid value for "<key>": expected …`. */
  readonly expected: string;
  /** The stored form of an accepted value, or undefined when the value is not allowed. */
  normalise(value: unknown): T | undefined;
}

export const MAX_STRING_LENGTH = 100;
export const COMMENT_SOURCES = ['youtube', 'reddit', ''] as const;
export const DARK_MODES = ['', 'dark', 'light'] as const;
export const PLAYER_STYLES = ['invidious', 'youtube'] as const;
export const QUALITIES = ['dash', 'hd720', 'medium', 'small'] as const;
export const DASH_QUALITIES = ['auto', 'best', '4320p', '2160p', '1440p', '1080p', '720p', '480p', '360p', '240p', '144p', 'worst'] as const;
/** `""` is the search page. */
export const HOME_PAGES = ['', 'Popular', 'Trending', 'Subscriptions', 'Playlists'] as const;
export const FEED_MENU_PAGES = ['Popular', 'Trending', 'Subscriptions', 'Playlists'] as const;
export const FEED_SORTS = ['published', 'published - reverse', 'alphabetically', 'alphabetically - reverse', 'channel name', 'channel name - reverse'] as const;
export const SPEED_RANGE = { min: 0.25, max: 4 } as const;
export const VOLUME_RANGE = { min: 0, max: 100 } as const;
export const MAX_RESULTS_RANGE = { min: 0, max: 1500 } as const;
/** Invidious's locales are `en-US`, `pt-BR`, `sr_Cyrl`, `fr`…: a language subtag, then `-`/`_` subtags. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;
export const REGION_PATTERN = /^[A-Z]{2}$/;
/** Local `IVPL…` ids and YouTube playlist ids alike. */
export const PLAYLIST_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');
/** Characters as people count them (code points), not UTF-16 units. */
const lengthOf = (value: string) => [...value].length;
const isShortString = (value: unknown): value is string => typeof value === 'string' && lengthOf(value) <= MAX_STRING_LENGTH;
const padded = (values: string[], length: number) => [...values, ...Array<string>(length - values.length).fill('')];
const isOneOf = <V extends readonly string[]>(values: V, value: unknown): value is V[number] => (values as readonly unknown[]).includes(value);

function bool(defaultValue: boolean): PreferenceRule<boolean> {
  return { default: defaultValue, expected: 'true or false', normalise: (v) => (typeof v === 'boolean' ? v : undefined) };
}

function integer(defaultValue: number, { min, max }: { min: number; max: number }): PreferenceRule<number> {
  return {
    default: defaultValue,
    expected: `an integer ${min}–${max}`,
    normalise: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined),
  };
}

function oneOf<const V extends readonly string[]>(values: V, defaultValue: V[number]): PreferenceRule<V[number]> {
  return {
    default: defaultValue,
    expected: `one of ${quoted(values)}`,
    normalise: (v) => (isOneOf(values, v) ? v : undefined),
  };
}

/** The same rule, also accepting null ("not set": GET omits it). */
function orNull<T extends PreferenceValue>(rule: PreferenceRule<T>): PreferenceRule<T | null> {
  return {
    default: rule.default,
    expected: `${rule.expected}, or null`,
    normalise: (v) => (v === null ? null : rule.normalise(v)),
  };
}

/** Built-in defaults, rules and normalisers, in the order of the table in docs/dialects/invidious.md#preferences. */
export const PREFERENCE_RULES = {
  annotations: bool(false),
  annotations_subscribed: bool(false),
  autoplay: bool(false),
  automatic_instance_redirect: bool(false),
  continue: bool(false),
  latest_only: bool(false),
  listen: bool(false),
  local: bool(false),
  notifications_only: bool(false),
  thin_mode: bool(false),
  unseen_only: bool(false),
  video_loop: bool(false),
  extend_desc: bool(false),
  save_player_pos: bool(false),
  search_privacy: bool(false),
  preload: bool(true),
  continue_autoplay: bool(true),
  watch_history: bool(true),
  vr_mode: bool(true),
  show_nick: bool(true),
  related_videos: bool(true),
  captions: {
    default: ['', '', ''],
    expected: `up to 3 caption languages (strings of at most ${MAX_STRING_LENGTH} characters), or one such string`,
    normalise: (v) => {
      if (isShortString(v)) return padded([v], 3);
      if (Array.isArray(v) && v.length <= 3 && v.every(isShortString)) return padded(v, 3);
      return undefined;
    },
  } satisfies PreferenceRule<string[]>,
  comments: {
    default: ['youtube', ''],
    expected: `up to 2 of ${quoted(COMMENT_SOURCES)}`,
    normalise: (v) => {
      // A lone string, as for captions: Invidious reads both through the same converter.
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list) || list.length > 2 || !list.every((s) => isOneOf(COMMENT_SOURCES, s))) return undefined;
      return padded(list, 2);
    },
  } satisfies PreferenceRule<string[]>,
  dark_mode: {
    default: '',
    expected: `one of ${quoted(DARK_MODES)} (or true for "dark", false for "light")`,
    normalise: (v) => {
      if (typeof v === 'boolean') return v ? 'dark' : 'light';
      return isOneOf(DARK_MODES, v) ? v : undefined;
    },
  } satisfies PreferenceRule<(typeof DARK_MODES)[number]>,
  locale: {
    default: 'en-US',
    expected: `a language tag such as "en-US" or "pt-BR" (at most ${MAX_STRING_LENGTH} characters)`,
    normalise: (v) => (isShortString(v) && LOCALE_PATTERN.test(v) ? v : undefined),
  } satisfies PreferenceRule<string>,
  region: orNull({
    default: 'US',
    expected: 'a region code of 2 upper-case letters such as "US"',
    normalise: (v) => (typeof v === 'string' && REGION_PATTERN.test(v) ? v : undefined),
  }),
  max_results: integer(40, MAX_RESULTS_RANGE),
  player_style: oneOf(PLAYER_STYLES, 'invidious'),
  quality: oneOf(QUALITIES, 'dash'),
  quality_dash: oneOf(DASH_QUALITIES, 'auto'),
  default_home: orNull(oneOf(HOME_PAGES, 'Popular')),
  feed_menu: {
    default: [...FEED_MENU_PAGES],
    expected: `distinct values from ${quoted(FEED_MENU_PAGES)}`,
    normalise: (v) => (Array.isArray(v) && v.every((s) => isOneOf(FEED_MENU_PAGES, s)) && new Set(v).size === v.length ? (v as string[]) : undefined),
  } satisfies PreferenceRule<string[]>,
  sort: oneOf(FEED_SORTS, 'published'),
  speed: {
    default: 1,
    expected: `a number ${SPEED_RANGE.min}–${SPEED_RANGE.max.toFixed(1)}`,
    normalise: (v) => (typeof v === 'number' && v >= SPEED_RANGE.min && v <= SPEED_RANGE.max ? v : undefined),
  } satisfies PreferenceRule<number>,
  volume: integer(100, VOLUME_RANGE),
  default_playlist: {
    default: null,
    expected: `a playlist id (letters, digits, _ and -, at most ${MAX_STRING_LENGTH} characters), or null`,
    normalise: (v) => (v === null ? null : isShortString(v) && PLAYLIST_ID_PATTERN.test(v) ? v : undefined),
  } satisfies PreferenceRule<string | null>,
};

export type PreferenceKey = keyof typeof PREFERENCE_RULES;
export type Preferences = { -readonly [K in PreferenceKey]: (typeof PREFERENCE_RULES)[K] extends PreferenceRule<infer T> ? T : never };
/** Validated, normalised values of some keys: what is stored, and what a POST merges in. */
export type PreferencesPatch = Partial<Preferences>;

export const PREFERENCE_KEYS = Object.keys(PREFERENCE_RULES) as PreferenceKey[];

const isPreferenceKey = (key: string): key is PreferenceKey => Object.hasOwn(PREFERENCE_RULES, key);
const ruleOf = (key: PreferenceKey) => PREFERENCE_RULES[key] as PreferenceRule<PreferenceValue>;
const copyOf = <T extends PreferenceValue>(value: T): T => (Array.isArray(value) ? ([...value] as T) : value);

export const NOT_AN_OBJECT = 'Send a JSON object of preferences, e.g. {"volume": 50}';

export type PatchResult = { ok: true; values: PreferencesPatch } | { ok: false; problems: string[] };

/**
 * Validates a POST body (or DEFAULT_PREFERENCES) key by key and reports every offender, unknown
 * keys first, so a client can fix everything in one round trip. `{}` is a valid, empty patch.
 */
export function validatePatch(body: unknown): PatchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: [NOT_AN_OBJECT] };
  const unknownKeys: string[] = [];
  const problems: string[] = [];
  const values: Record<string, PreferenceValue> = {};
  for (const [key, raw] of Object.entries(body)) {
    if (!isPreferenceKey(key)) {
      unknownKeys.push(key);
      continue;
    }
    const rule = ruleOf(key);
    const value = rule.normalise(raw);
    if (value === undefined) problems.push(`Invalid value for "${key}": expected ${rule.expected}`);
    else values[key] = value;
  }
  if (unknownKeys.length) problems.unshift(`Unknown preference keys: ${unknownKeys.join(', ')}`);
  return problems.length ? { ok: false, problems } : { ok: true, values: values as PreferencesPatch };
}

/**
 * The effective preferences: each key's stored value, else the instance default, else the
 * built-in one. Stored keys no longer in the table, or values the rules no longer accept, are
 * skipped rather than served.
 */
export function resolvePreferences(stored: Record<string, unknown>, instanceDefaults: PreferencesPatch): Preferences {
  const resolved: Record<string, PreferenceValue> = {};
  for (const key of PREFERENCE_KEYS) {
    const rule = ruleOf(key);
    // `??` would skip a stored or configured null, which is a value ("not set") of its own.
    const own = Object.hasOwn(stored, key) ? rule.normalise(stored[key]) : undefined;
    const configured = instanceDefaults[key];
    resolved[key] = copyOf(own !== undefined ? own : configured !== undefined ? configured : rule.default);
  }
  return resolved as Preferences;
}

/** What GET answers: docs/dialects/invidious.md#preferences omits null values. */
export function withoutNulls(preferences: Preferences): Partial<Preferences> {
  return Object.fromEntries(Object.entries(preferences).filter(([, value]) => value !== null)) as Partial<Preferences>;
}

/**
 * DEFAULT_PREFERENCES: a JSON object of overrides of the built-in defaults, under the same rules as
 * a POST. Throws an Error saying what is wrong.
 */
export function parseDefaultPreferences(text: string): PreferencesPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = validatePatch(parsed);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.values;
}
