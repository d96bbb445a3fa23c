/**
 * The paging query of the feed and the history (docs/dialects/invidious.md#feed, #history): `max_results` 1–1500
 * and `page` ≥ 1. An empty value counts as absent; anything else that is not such an integer is a
 * 400 (Invidious ignores non-numbers and clamps). Pure, so the rules are unit-tested.
 */
export const MAX_RESULTS = { min: 1, max: 1500 } as const;
/** Far beyond any real feed; it only keeps `(page - 1) * max_results` an exact integer. */
export const PAGE = { min: 1, max: 1_000_000 } as const;

export class PageQueryError extends Error {}

export interface PageQuery {
  /** Absent: the caller's `max_results` preference applies. */
  maxResults: number | undefined;
  page: number;
}

const shown = (value: string) => JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);

function integerParam(query: Record<string, unknown>, name: string, { min, max }: { min: number; max: number }): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const expected = `expected an integer from ${min} to ${max}`;
  if (typeof raw !== 'string') throw new PageQueryError(`Invalid ${name}: give it once, ${expected}`);
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new PageQueryError(`Invalid ${name} ${shown(raw)}: ${expected}`);
  return value;
}

export function parsePageQuery(query: Record<string, unknown>): PageQuery {
  return { maxResults: integerParam(query, 'max_results', MAX_RESULTS), page: integerParam(query, 'page', PAGE) ?? 1 };
}
