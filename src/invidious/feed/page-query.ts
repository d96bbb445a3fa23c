/**
 * The paging query of the feed and the history (docs/dialects/invidious.md#feed, #history): `max_results` 1–1500
 * and `page` ≥ 1. An empty value counts as absent; anything else that is not such an integer is a
 * 400 (Invidious ignores non-numbers and clamps). Pure, so the rules are unit-tested.
 */
export interface IntegerRange {
  min: number;
  max: number;
}

export const MAX_RESULTS: IntegerRange = { min: 1, max: 1500 };
/** Far beyond any real feed; it only keeps `(page - 1) * max_results` an exact integer. */
export const PAGE: IntegerRange = { min: 1, max: 1_000_000 };

const shown = (value: string) => JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);

/** The parameter as a number when it is an integer in range; absent when empty; else as it came. */
export function pageParamValue(raw: unknown, { min, max }: IntegerRange): unknown {
  if (raw === '') return undefined;
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  return value >= min && value <= max ? value : raw;
}

/** Why a parameter {@link pageParamValue} read is refused, or null. */
export function pageParamProblem(name: string, value: unknown, { min, max }: IntegerRange): string | null {
  if (value === undefined || typeof value === 'number') return null;
  const expected = `expected an integer from ${min} to ${max}`;
  if (typeof value !== 'string') return `Invalid ${name}: give it once, ${expected}`;
  return `Invalid ${name} ${shown(value)}: ${expected}`;
}
