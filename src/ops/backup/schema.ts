import type { QueryRunner } from 'typeorm';

/** TypeORM's migration bookkeeping: a backup records which migrations it holds instead (restore applies them). */
export const MIGRATIONS_TABLE = 'migrations';
/** TypeORM's own tables, written by TypeORM on each database rather than part of tubevault's data. */
const TYPEORM_TABLES = [MIGRATIONS_TABLE, 'typeorm_metadata'];

export interface TableColumn {
  name: string;
  /** pg_type.typname: `int8`, `bytea`, `_text`, … */
  type: string;
  /** `GENERATED ALWAYS AS (…) STORED`: computed by Postgres, never written. */
  generated: boolean;
}

export interface TableShape {
  name: string;
  columns: TableColumn[];
  primaryKey: string[];
  /** Tables this one has foreign keys to (other than itself). */
  parents: string[];
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** tubevault's tables in the current schema, parents before children (so inserts satisfy foreign keys). */
export async function readTables(runner: QueryRunner): Promise<TableShape[]> {
  const columns: { table: string; column: string; type: string; generated: boolean }[] = await runner.query(
    `
    SELECT c.relname AS table, a.attname AS column, t.typname AS type, a.attgenerated <> '' AS generated
      FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ALL ($1)
     ORDER BY c.relname, a.attnum`,
    [TYPEORM_TABLES],
  );
  const keys: { table: string; column: string }[] = await runner.query(`
    SELECT c.relname AS table, a.attname AS column
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
     WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
     ORDER BY c.relname, k.position`);
  const links: { child: string; parent: string }[] = await runner.query(`
    SELECT DISTINCT child.relname AS child, parent.relname AS parent
      FROM pg_constraint f
      JOIN pg_class child ON child.oid = f.conrelid
      JOIN pg_class parent ON parent.oid = f.confrelid
     WHERE f.contype = 'f' AND child.relnamespace = current_schema()::regnamespace AND f.conrelid <> f.confrelid`);

  const tables = new Map<string, TableShape>();
  for (const { table, column, type, generated } of columns) {
    if (!tables.has(table)) tables.set(table, { name: table, columns: [], primaryKey: [], parents: [] });
    tables.get(table)!.columns.push({ name: column, type, generated });
  }
  for (const { table, column } of keys) tables.get(table)?.primaryKey.push(column);
  for (const { child, parent } of links) tables.get(child)?.parents.push(parent);
  return dependencyOrder([...tables.values()]);
}

/** Parents first; alphabetical among tables that are free to go, so the order is stable. */
export function dependencyOrder(tables: TableShape[]): TableShape[] {
  const remaining = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableShape[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((table) => table.parents.every((parent) => !remaining.has(parent)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle between ${[...remaining.keys()].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table.name);
    }
  }
  return ordered;
}

/** Names of the migrations applied to the database, oldest first. */
export async function appliedMigrations(runner: QueryRunner): Promise<string[]> {
  const rows: { name: string }[] = await runner.query(`SELECT name FROM ${quoteIdent(MIGRATIONS_TABLE)} ORDER BY id`);
  return rows.map((row) => row.name);
}
