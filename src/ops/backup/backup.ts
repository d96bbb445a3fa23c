import { once } from 'node:events';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { DataSource, QueryRunner } from 'typeorm';
import { APP_INFO } from '../../platform/app-info.js';
import type { ReportProgress } from '../progress/progress.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader } from './backup-format.js';
import { appliedMigrations, MIGRATIONS_TABLE, quoteIdent, readTables, type TableColumn, type TableShape } from './schema.js';

/** Rows fetched from the cursor at a time: bounded memory whatever the table's size. */
const FETCH_SIZE = 1000;

/** A database that holds nothing to back up: exit 1 with its message. */
export class BackupRefusedError extends Error {}

export interface BackupSummary {
  rows: Record<string, number>;
}

/** How a column is written: JSON keeps every value exactly (see backup-format.ts). */
function dumpedColumn({ name, type }: TableColumn): string {
  const column = quoteIdent(name);
  if (type === 'bytea') return `translate(encode(${column}, 'base64'), E'\\n', '') AS ${column}`;
  if (type === 'int8' || type === 'numeric') return `${column}::text AS ${column}`;
  if (type === '_int8' || type === '_numeric') return `${column}::text[] AS ${column}`;
  return column;
}

/**
 * A backup holds the secret key (when generated), password hashes and session ids: only its owner
 * may read it. Replacing an existing file drops every group and other bit it had and never widens
 * it (a 0400 file stays 0400); the owner can always read the result.
 */
const PRIVATE_MODE = 0o600;

async function backupMode(file: string): Promise<number> {
  const existing = await stat(file).catch(() => undefined);
  return existing?.isFile() ? (existing.mode & PRIVATE_MODE) | 0o400 : PRIVATE_MODE;
}

export const writtenColumns = (table: TableShape) => table.columns.filter((column) => !column.generated);

/** Reports a table's rows so far, out of its count in the snapshot. */
async function rowsReporter(runner: QueryRunner, table: string, index: number, tables: number, progress: ReportProgress) {
  const [{ total }] = await runner.query(`SELECT count(*)::text AS total FROM ${quoteIdent(table)}`);
  return (rows: number) => progress({ type: 'rows', table, index: index + 1, tables, rows, total: Number(total) });
}

async function writeLine(gzip: Gzip, line: string): Promise<void> {
  if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
}

/**
 * Writes every tubevault table to `file` from one REPEATABLE READ transaction, so the backup is
 * one consistent state even while the service keeps writing. The file appears only when complete
 * (written as `<file>.partial`, then renamed), readable by its owner only, whatever the umask and
 * whatever mode a file already there had.
 *
 * Runs its own SQL rather than the tables' repositories: the dump is driven by the schema read
 * from Postgres's system catalogs (schema.ts), table by table, whatever tables the migrations created.
 *
 * With `progress`, each table's rows are counted first (in the same snapshot, so the count is the
 * number written); without it, that extra scan is skipped.
 */
export async function writeBackup(dataSource: DataSource, file: string, progress?: ReportProgress): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const mode = await backupMode(file);
  const handle = await open(partial, 'w', mode);
  // `open` applies the mode only to a new file (and through the umask): set it on a leftover one too.
  await handle.chmod(mode).catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  const gzip = createGzip();
  const written = pipeline(gzip, handle.createWriteStream());
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Timestamps in UTC: the same data gives the same file whatever the server's time zone.
    await runner.query("SET LOCAL TIME ZONE 'UTC'");
    const [{ migrated }] = await runner.query(`SELECT to_regclass($1) IS NOT NULL AS migrated`, [MIGRATIONS_TABLE]);
    if (!migrated) throw new BackupRefusedError('the database has no tubevault schema (no migrations were ever applied): nothing to back up');
    const tables = await readTables(runner);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: new Date().toISOString(),
      app_version: APP_INFO.version,
      migrations: await appliedMigrations(runner),
      tables: Object.fromEntries(tables.map((table) => [table.name, writtenColumns(table).map((column) => column.name)])),
    };
    await writeLine(gzip, JSON.stringify(header));
    const rows: Record<string, number> = {};
    for (const [index, table] of tables.entries()) {
      rows[table.name] = 0;
      const report = progress && (await rowsReporter(runner, table.name, index, tables.length, progress));
      report?.(0);
      const order = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(', ')}` : '';
      const select = `SELECT ${writtenColumns(table).map(dumpedColumn).join(', ')} FROM ${quoteIdent(table.name)}${order}`;
      await runner.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS line FROM (${select}) r`);
      const prefix = `{"table":${JSON.stringify(table.name)},"row":`;
      for (;;) {
        const batch: { line: string }[] = await runner.query(`FETCH ${FETCH_SIZE} FROM backup_rows`);
        if (batch.length === 0) break;
        for (const { line } of batch) await writeLine(gzip, `${prefix}${line}}`);
        rows[table.name] += batch.length;
        report?.(rows[table.name]);
      }
      await runner.query('CLOSE backup_rows');
    }
    await writeLine(gzip, JSON.stringify({ end: { rows } }));
    await runner.query('COMMIT');
    gzip.end();
    await written;
    await rename(partial, file);
    return { rows };
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await runner.release();
  }
}
