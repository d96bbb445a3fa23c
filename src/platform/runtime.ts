import type { Logger } from 'pino';
import type { AppRuntime } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { startEmbeddedRedis } from './redis/embedded-redis.js';

/** The embedded database accepts this many connections; the pool must not ask for more. */
const EMBEDDED_MAX_CONNECTIONS = 4;

export interface StartedRuntime extends AppRuntime {
  stop(): Promise<void>;
}

/**
 * Resolves where Postgres and Redis are: the configured servers, or embedded ones (PGlite in a
 * child process, a private redis-server) when DATABASE_URL / REDIS_URL are unset.
 */
export async function startRuntime(config: AppConfig, log: Logger): Promise<StartedRuntime> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let databaseUrl = config.DATABASE_URL;
    let databasePoolSize = config.DATABASE_POOL_SIZE;
    if (databaseUrl) {
      log.info(`database: PostgreSQL at ${redactUrl(databaseUrl)}`);
    } else {
      const embedded = await startEmbeddedPostgres(`${config.DATA_DIR}/`, EMBEDDED_MAX_CONNECTIONS);
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
      databasePoolSize = Math.min(databasePoolSize, EMBEDDED_MAX_CONNECTIONS);
      log.info(`database: embedded PostgreSQL (PGlite), files in ${config.DATA_DIR}/pgdata (set DATABASE_URL to use a server)`);
    }
    let redisUrl = config.REDIS_URL;
    if (redisUrl) {
      log.info(`redis: ${redactUrl(redisUrl)}`);
    } else {
      const embedded = await startEmbeddedRedis(config.DATA_DIR);
      stops.push(embedded.stop);
      redisUrl = embedded.url;
      log.info(`redis: private redis-server on ${embedded.url} (set REDIS_URL to share one between processes)`);
    }
    return { databaseUrl, redisUrl, databasePoolSize, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** URLs are logged without their password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
