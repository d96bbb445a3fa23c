/**
 * Why something the catalog lacks could not be read from the upstream. Dialect-neutral: each
 * dialect turns the reason into its own status and body (e.g. `not-found` → 404, `timeout` → 504).
 */
export type UpstreamReadReason =
  /** The upstream says the item does not exist. */
  | 'not-found'
  /** No upstream is configured. */
  | 'no-upstream'
  /** The configured upstream cannot do this (e.g. single videos from YouTube's feeds). */
  | 'unsupported'
  /** The upstream failed: unreachable, 5xx, a malformed answer, a refused request. */
  | 'unavailable'
  /** The upstream did not answer within UPSTREAM_TIMEOUT_MS. */
  | 'timeout'
  /** The upstream asked tubevault to slow down (429); nothing is sent to it until `retryAfterSeconds` pass. */
  | 'rate-limited';

export class UpstreamReadError extends Error {
  constructor(
    readonly reason: UpstreamReadReason,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What a single-flight leader shares with the waiters (JSON-serialisable). */
export type ReadOutcome = { ok: true } | { ok: false; reason: UpstreamReadReason; message: string; retryAfterSeconds?: number };

export const failureOf = (outcome: Extract<ReadOutcome, { ok: false }>) => new UpstreamReadError(outcome.reason, outcome.message, outcome.retryAfterSeconds);
