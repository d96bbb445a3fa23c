/**
 * Connection-level failures of Postgres or Redis: what to tell the client, or undefined for any
 * other error. The request can be retried, so the answer is 503, never 500.
 */
export function unavailableMessageOf(error: unknown): string | undefined {
  const e = error as { code?: string; name?: string; message?: string } | undefined;
  if (!e) return undefined;
  const pgCodes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006'];
  if (e.code && pgCodes.includes(e.code)) return 'The database is unavailable; try again shortly.';
  if (e.message?.includes('Connection terminated') || e.message?.includes('timeout exceeded when trying to connect')) {
    return 'The database is unavailable; try again shortly.';
  }
  // TypeORM's answer to a query in a transaction whose connection the database just closed (a
  // restart or failover in the middle of the request): nothing of the transaction was committed.
  if (e.name === 'QueryRunnerProviderAlreadyReleasedError') return 'The database is unavailable; try again shortly.';
  if (
    e.name === 'MaxRetriesPerRequestError' ||
    e.message === 'Command timed out' ||
    e.message?.includes('Connection is closed') ||
    e.message?.includes("Stream isn't writeable") ||
    // A Redis that is starting up (loading its data) or otherwise not ready answers commands with these.
    /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN) /.test(e.message ?? '')
  ) {
    return 'Redis is unavailable; try again shortly.';
  }
  return undefined;
}

/** Whether the error is Redis (not the database) being unreachable, stalled or still loading. */
export function isRedisUnavailable(error: unknown): boolean {
  return unavailableMessageOf(error)?.startsWith('Redis') === true;
}
