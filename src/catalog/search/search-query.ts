/**
 * TubeArchivist's search syntax (docs/dialects/tubearchivist.md#search-syntax) and the full-text plan of a term.
 * Pure: no Nest, no database.
 */

export const QUERY_TYPES = ['simple', 'video', 'channel', 'playlist', 'full'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

/** Longest query accepted; a longer one is refused with 400. */
export const MAX_QUERY_CHARACTERS = 500;

export const SEARCH_MESSAGES = {
  missing: 'no search query specified',
  tooLong: `search query too long: at most ${MAX_QUERY_CHARACTERS} characters`,
} as const;

/** The secondary keywords each query type understands; `fuzzy:` is accepted and ignored. */
const KEYWORDS: Record<QueryType, readonly string[]> = {
  simple: ['fuzzy'],
  video: ['channel', 'active', 'fuzzy'],
  channel: ['active', 'subscribed', 'fuzzy'],
  playlist: ['active', 'subscribed', 'fuzzy'],
  full: ['lang', 'source', 'fuzzy'],
};

export interface ParsedSearch {
  queryType: QueryType;
  /** The words to match, space-joined; null when there are none (then everything matches). */
  term: string | null;
  /** `video` only: words the video's channel name must match. */
  channel: string | null;
  /** Filters, null when not given: `active:` (not missing upstream), `subscribed:` (the caller's). */
  active: boolean | null;
  subscribed: boolean | null;
  /** `full` only; tubevault has no subtitles, so these never select anything. */
  lang: string | null;
  source: string | null;
}

const isQueryType = (value: string): value is QueryType => (QUERY_TYPES as readonly string[]).includes(value);

/** Why `text` cannot be searched for (missing, blank, too long), or null. */
export function searchTextProblem(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return SEARCH_MESSAGES.missing;
  if ([...text].length > MAX_QUERY_CHARACTERS) return SEARCH_MESSAGES.tooLong;
  return null;
}

/** A search text {@link searchTextProblem} accepts, read with TubeArchivist's syntax. */
export function parseSearchQuery(text: string): ParsedSearch {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  let queryType: QueryType = 'simple';
  const colon = words[0].indexOf(':');
  if (colon !== -1 && isQueryType(words[0].slice(0, colon))) {
    queryType = words[0].slice(0, colon) as QueryType;
    words[0] = words[0].slice(colon + 1);
  }

  const targets = new Map<string, string[]>([['term', []]]);
  let target = 'term';
  for (const word of words) {
    const keyColon = word.indexOf(':');
    const keyword = keyColon === -1 ? null : word.slice(0, keyColon);
    if (keyword !== null && KEYWORDS[queryType].includes(keyword)) {
      target = keyword;
      if (!targets.has(target)) targets.set(target, []);
      const value = word.slice(keyColon + 1);
      if (value) targets.get(target)!.push(value);
    } else if (word) {
      targets.get(target)!.push(word);
    }
  }

  const joined = (key: string) => (targets.get(key)?.length ? targets.get(key)!.join(' ') : null);
  // TA: true iff one of the words is exactly `yes`; no words leaves the filter unset.
  const flag = (key: string) => (targets.get(key)?.length ? targets.get(key)!.includes('yes') : null);
  const first = (key: string) => targets.get(key)?.[0] ?? null;
  return {
    queryType,
    term: joined('term'),
    channel: joined('channel'),
    active: flag('active'),
    subscribed: flag('subscribed'),
    lang: first('lang'),
    source: first('source'),
  };
}

/**
 * How a term becomes a tsquery. The issue asks for `websearch_to_tsquery` (quoted phrases, `-word`,
 * `or`) and the spec for `w1 & w2 & w3:*` (search-as-you-type): both hold when the whole term goes
 * through websearch_to_tsquery with its last word swapped for a placeholder lexeme, which SQL then
 * rewrites (`ts_rewrite`) into the last word's lexemes as prefixes. The placeholder keeps the
 * word's place in websearch's precedence (`x or y z` is `x | (y & z:*)`).
 * `prefix` is null when the last word is not a plain word: inside or next to quotes, negated
 * (`-word`, or after a lone `-`), or the word `or`; the term is then used as is.
 */
export interface TermPlan {
  /** The term, for websearch_to_tsquery as is. */
  websearch: string;
  prefix: {
    /** The last word, whose lexemes become prefix matches. */
    word: string;
    /** A lexeme that occurs nowhere in the term. */
    placeholder: string;
    /** The term with the last word replaced by the placeholder. */
    websearch: string;
  } | null;
}

/** Whitespace-separated chunks; whitespace inside double quotes does not separate. */
function chunksOf(term: string): { chunks: string[]; openQuote: boolean } {
  const chunks: string[] = [];
  let current = '';
  let inQuote = false;
  for (const char of term) {
    if (char === '"') inQuote = !inQuote;
    if (/\s/.test(char) && !inQuote) {
      if (current) chunks.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) chunks.push(current);
  return { chunks, openQuote: inQuote };
}

export function planTerm(term: string): TermPlan {
  const { chunks, openQuote } = chunksOf(term);
  const last = chunks[chunks.length - 1];
  const negatedByPrevious = chunks[chunks.length - 2] === '-';
  const plain = last !== undefined && !openQuote && !last.includes('"') && !last.startsWith('-') && last.toLowerCase() !== 'or' && !negatedByPrevious;
  if (!plain) return { websearch: term, prefix: null };
  let placeholder = 'tvlastword';
  while (term.toLowerCase().includes(placeholder)) placeholder += 'x';
  return { websearch: term, prefix: { word: last, placeholder, websearch: [...chunks.slice(0, -1), placeholder].join(' ') } };
}
