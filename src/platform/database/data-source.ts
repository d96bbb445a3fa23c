import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** An arbitrary constant: the advisory lock that lets one process at a time run migrations. */
const MIGRATION_LOCK_ID = 7_471_129_001;

/** The entity classes a data source maps; the composition root lists them (`src/entities.ts`). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/**
 * The one data source definition used by the app, the CLI and the tests. Every migration is part of
 * it; `entities` may be left out by callers that only migrate or run plain SQL.
 */
export function dataSourceOptions(url: string, poolSize: number, entities: EntityList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Fail fast rather than queue forever when the database is down (503s instead of hanging requests).
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
  };
}

/**
 * Runs pending migrations under a session advisory lock, so several replicas starting together
 * apply each migration exactly once. Everything runs on the lock's own connection: a second pooled
 * connection could deadlock a pool of one, and PGlite (one engine) while a transaction is open.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const executor = new MigrationExecutor(dataSource, lock);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.release();
  }
}

export async function openDataSource(url: string, poolSize: number, entities: EntityList = []): Promise<DataSource> {
  return new DataSource(dataSourceOptions(url, poolSize, entities)).initialize();
}
