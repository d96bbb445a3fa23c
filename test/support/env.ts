/** Where the tests find the real services (never mocks): the machine's Postgres and Redis by default. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A per-run id, set by the global setup, so concurrent test runs never share databases. */
export function testRunId(): string {
  const id = process.env.TUBEVAULT_TEST_RUN;
  if (!id) throw new Error('TUBEVAULT_TEST_RUN is unset: run the tests through jest (its global setup sets it)');
  return id;
}

export const templateDatabaseName = (runId: string) => `tv_tpl_${runId}`;

export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * No test reaches the network: unless a test chooses an upstream (UPSTREAM or UPSTREAM_URL), the
 * app under test runs with UPSTREAM=none rather than the default, YouTube's channel feeds.
 */
export function withTestUpstream(env: Record<string, string>): Record<string, string> {
  return env.UPSTREAM || env.UPSTREAM_URL ? env : { UPSTREAM: 'none', ...env };
}
