import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { Redis } from 'ioredis';
import { CONFIG_CHECKS } from '../../src/config-checks.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createHttpApp } from '../../src/create-app.js';
import { createRootLogger } from '../../src/platform/logging/logger.js';
import { databaseUrl, TEST_DATABASE_URL, TEST_REDIS_URL, templateDatabaseName, testRunId, withTestUpstream } from './env.js';
import { assertDescribedBySpec } from './openapi-validator.js';

/**
 * One test file's world: its own database (cloned from the migrated template) and its own Redis
 * key prefix, so files run in parallel without seeing each other's data. Several app instances can
 * be started on it to test behaviour across instances.
 */
export class TestWorld {
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  private readonly apps: NestFastifyApplication[] = [];
  private readonly pools: pg.Pool[] = [];

  private constructor() {
    const suffix = randomBytes(4).toString('hex');
    this.databaseName = `tv_t_${testRunId()}_${suffix}`;
    this.databaseUrl = databaseUrl(this.databaseName);
    this.redisPrefix = `tvtest:${suffix}`;
  }

  static async create(): Promise<TestWorld> {
    const world = new TestWorld();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      // Concurrent clones of one template can collide briefly ("being accessed by other users").
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${world.databaseName} TEMPLATE ${templateDatabaseName(testRunId())}`);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    return world;
  }

  /**
   * An app instance on this world's database and Redis prefix; `env` overrides configuration.
   * `logDestination` receives the app's log lines (default: stdout), e.g. to assert what is never logged.
   * Without UPSTREAM or UPSTREAM_URL in `env` the app has no upstream (see `withTestUpstream`).
   */
  async startApp(env: Record<string, string> = {}, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
    const config = loadConfig(withTestUpstream({ LOG_LEVEL: 'silent', REDIS_PREFIX: this.redisPrefix, ...env }), CONFIG_CHECKS);
    const app = await createHttpApp({
      config,
      runtime: { databaseUrl: config.DATABASE_URL ?? this.databaseUrl, redisUrl: config.REDIS_URL ?? TEST_REDIS_URL, databasePoolSize: 4 },
      logger: createRootLogger(config.LOG_LEVEL, logDestination),
    });
    this.apps.push(app);
    checkResponsesAgainstSpec(app);
    return app;
  }

  /** A direct connection for assertions about what was (not) written. */
  db(): pg.Pool {
    const pool = new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
    this.pools.push(pool);
    return pool;
  }

  async close(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close();
    for (const pool of this.pools.splice(0)) await pool.end();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      // Connections closing on their own (a pool ending after its last query) are waited for: one
      // the drop below kills instead surfaces as an unhandled 57P01 in whichever test runs then.
      const open = async () =>
        (await admin.query('SELECT application_name, state, left(query, 120) AS query FROM pg_stat_activity WHERE datname = $1', [this.databaseName])).rows;
      for (let waited = 0; waited < 3000 && (await open()).length; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      const left = await open();
      if (left.length) process.stderr.write(`TestWorld.close: ${left.length} connection(s) still open on ${this.databaseName}: ${JSON.stringify(left)}\n`);
      await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}

/**
 * Every response a test receives through `app.inject` is checked against the committed OpenAPI
 * document (which `npm test` proves equal to what the code generates): a status the spec does not
 * list for the operation, or a body that does not match its schema, fails the test at that call.
 * This is the tests' one response check: helpers and test files do not check again.
 */
function checkResponsesAgainstSpec(app: NestFastifyApplication): void {
  const inject = app.inject.bind(app) as (options: unknown) => unknown;
  // Nest hands out a proxy whose `set` trap refuses new values: define the property instead.
  Object.defineProperty(app, 'inject', {
    configurable: true,
    writable: true,
    value: (options: unknown) => {
      const pending = inject(options) as { then?: unknown } | undefined;
      // light-my-request answers a thenable chain (no callback given) — only those are checked.
      if (typeof options !== 'object' || options === null || typeof pending?.then !== 'function') return pending;
      const { method = 'GET', url = '/' } = options as { method?: string; url?: string | { pathname?: string } };
      return (pending as Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>).then(
        (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
          assertDescribedBySpec(
            String(method).toUpperCase(),
            typeof url === 'string' ? url : (url.pathname ?? '/'),
            res.statusCode,
            res.headers['content-type'] as string | undefined,
            res.body,
          );
          return res;
        },
      );
    },
  });
}
