import type { DataSource, QueryRunner } from 'typeorm';
import { runMigrations } from '../../platform/database/data-source.js';
import type { ReportProgress } from '../progress/progress.js';
import { BackupFormatError, parseHeader, readBackupLines, type BackupEndLine, type BackupHeader, type BackupRowLine } from './backup-format.js';
import { writtenColumns } from './backup.js';
import { appliedMigrations, quoteIdent, readTables, type TableShape } from './schema.js';

/** Rows per INSERT: few round trips, bounded statement size. */
const INSERT_BATCH = 500;

export interface RestoreSummary {
  header: BackupHeader;
  rows: Record<string, number>;
}

/** A restore the database or the file does not allow (not empty, newer schema, damaged file): exit 1 with its message. */
export class RestoreRefusedError extends Error {}

/**
 * One INSERT per batch of rows: Postgres turns each row's JSON back into the column types itself
 * (`jsonb_populate_record`), except bytea, which the backup holds as base64. Columns the backup
 * lacks (added by a later migration) get their defaults; identity values are kept as backed up.
 */
function insertStatement(table: TableShape, backedUpColumns: string[]): { sql: string; byteaColumns: string[] } {
  const columns = writtenColumns(table).filter((column) => backedUpColumns.includes(column.name));
  const byteaColumns = columns.filter((column) => column.type === 'bytea').map((column) => column.name);
  const values = columns.map((column) => (column.type === 'bytea' ? `decode(e.doc->>${quoteLiteral(column.name)}, 'base64')` : `r.${quoteIdent(column.name)}`));
  const sql =
    `INSERT INTO ${quoteIdent(table.name)} (${columns.map((column) => quoteIdent(column.name)).join(', ')}) OVERRIDING SYSTEM VALUE ` +
    `SELECT ${values.join(', ')} FROM jsonb_array_elements($1::jsonb) AS e(doc) ` +
    `CROSS JOIN LATERAL jsonb_populate_record(NULL::${quoteIdent(table.name)}, e.doc - $2::text[]) AS r`;
  return { sql, byteaColumns };
}

const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

function parseLine(text: string, number: number): Partial<BackupRowLine & BackupEndLine> {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupFormatError(`the backup is damaged: line ${number} is not JSON`);
  }
}

/** Refuses a target that cannot take this backup's rows as they are, before anything is written. */
async function checkTarget(runner: QueryRunner, header: BackupHeader, tables: Map<string, TableShape>): Promise<void> {
  const applied = new Set(await appliedMigrations(runner));
  const newer = header.migrations.filter((name) => !applied.has(name));
  if (newer.length) throw new RestoreRefusedError(`the backup comes from a newer tubevault (migrations ${newer.join(', ')} are unknown here): upgrade first`);
  const order = Object.keys(header.tables);
  for (const [index, name] of order.entries()) {
    const table = tables.get(name);
    if (!table) throw new RestoreRefusedError(`the backup has a table "${name}" this database does not have`);
    const later = table.parents.filter((parent) => order.indexOf(parent) > index);
    if (later.length) throw new RestoreRefusedError(`the backup lists "${name}" before ${later.join(', ')}, which it refers to`);
  }
  for (const table of tables.values()) {
    const [{ filled }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table.name)}) AS filled`);
    if (filled) throw new RestoreRefusedError(`the database is not empty (table "${table.name}" has rows): restore into a new, empty database`);
  }
}

/** Each sequence (serial, bigserial, identity) continues after the largest restored value. */
async function resetSequences(runner: QueryRunner, tables: Iterable<TableShape>): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      const [{ sequence }] = await runner.query('SELECT pg_get_serial_sequence($1, $2) AS sequence', [quoteIdent(table.name), column.name]);
      if (!sequence) continue;
      await runner.query(
        `SELECT setval($1, coalesce(max(${quoteIdent(column.name)}), 1), max(${quoteIdent(column.name)}) IS NOT NULL) FROM ${quoteIdent(table.name)}`,
        [sequence],
      );
    }
  }
}

/**
 * Restores a backup into an empty database: applies the migrations, refuses a database holding any
 * row, then inserts every row (parents first) and resets the sequences, all in one transaction, so a
 * failure (or a truncated file) leaves the database empty again.
 *
 * Like the backup, driven by the schema rather than the tables' repositories.
 */
export async function restoreBackup(dataSource: DataSource, file: string, progress: ReportProgress = () => undefined): Promise<RestoreSummary> {
  const lines = readBackupLines(file);
  const runner = dataSource.createQueryRunner();
  try {
    const header = parseHeader((await lines.next()).value);
    progress({ type: 'step', text: 'applying migrations' });
    await runMigrations(dataSource);
    const tables = new Map((await readTables(runner)).map((table) => [table.name, table]));
    progress({ type: 'step', text: 'checking that the database is empty' });
    await checkTarget(runner, header, tables);
    await runner.query('BEGIN');
    const order = Object.keys(header.tables);
    const reportRows = (table: string, count: number) => progress({ type: 'rows', table, index: order.indexOf(table) + 1, tables: order.length, rows: count });
    const rows: Record<string, number> = Object.fromEntries(Object.keys(header.tables).map((table) => [table, 0]));
    const started = new Set<string>();
    let end: BackupEndLine['end'] | undefined;
    let current: { table: string; statement: ReturnType<typeof insertStatement>; batch: unknown[] } | undefined;
    const flush = async () => {
      if (!current?.batch.length) return;
      await runner.query(current.statement.sql, [JSON.stringify(current.batch), current.statement.byteaColumns]);
      current.batch = [];
      reportRows(current.table, rows[current.table]);
    };
    let lineNumber = 1;
    for await (const text of lines) {
      if (end) throw new BackupFormatError('the backup has lines after its end');
      const line = parseLine(text, ++lineNumber);
      if (line.end) {
        end = line.end;
        continue;
      }
      const { table, row } = line;
      if (!table || !row || !Object.hasOwn(header.tables, table)) throw new BackupFormatError(`a row of a table the header does not list: ${String(table)}`);
      if (current?.table !== table) {
        if (started.has(table)) throw new BackupFormatError(`the rows of "${table}" are not together`);
        started.add(table);
        await flush();
        current = { table, statement: insertStatement(tables.get(table)!, header.tables[table]), batch: [] };
        reportRows(table, 0);
      }
      current.batch.push(row);
      rows[table]++;
      if (current.batch.length >= INSERT_BATCH) await flush();
    }
    await flush();
    if (!end) throw new BackupFormatError('the backup is truncated (no end line)');
    for (const [table, count] of Object.entries(end.rows)) {
      if ((rows[table] ?? 0) !== count) throw new BackupFormatError(`the backup is damaged: ${table} has ${rows[table] ?? 0} rows, its end line says ${count}`);
    }
    progress({ type: 'step', text: 'moving sequences past the restored ids' });
    await resetSequences(runner, tables.values());
    progress({ type: 'step', text: 'committing' });
    await runner.query('COMMIT');
    return { header, rows };
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await lines.return(undefined);
    await runner.release();
  }
}
