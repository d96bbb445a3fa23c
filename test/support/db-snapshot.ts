import type pg from 'pg';

/**
 * Columns that change on reads by design and so are left out of a snapshot: a session's
 * `last_used_at` is touched (at most every 5 minutes) when a credential is used.
 */
const VOLATILE_COLUMNS = ['last_used_at'];
/**
 * Bookkeeping tables no request writes, and the audit trail, which records refused requests
 * (failed logins, refused cookie imports) on purpose: it is append-only and changes nothing else.
 */
const SKIPPED_TABLES = new Set(['migrations', 'typeorm_metadata', 'audit_events']);

/** Row count and md5 of the sorted rows, per table: `{ users: '2:9f…', … }`. */
export type DbSnapshot = Record<string, string>;

/**
 * Takes database snapshots (row count and checksum of every table's rows) to prove that a rejected
 * request changed nothing. One SQL statement per snapshot, a few milliseconds on a test database.
 */
export class DbSnapshotter {
  private sql?: string;

  constructor(private readonly db: pg.Pool) {}

  async take(): Promise<DbSnapshot> {
    this.sql ??= await this.buildQuery();
    const { rows } = await this.db.query<{ t: string; n: number; h: string }>(this.sql);
    return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
  }

  /** The tables whose snapshot differs, e.g. `['playlists: 1:ab… → 2:cd…']`. */
  static diff(before: DbSnapshot, after: DbSnapshot): string[] {
    const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...tables].filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
  }

  private async buildQuery(): Promise<string> {
    const { rows } = await this.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const minus = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
    return rows
      .map((r) => r.table_name)
      .filter((t) => !SKIPPED_TABLES.has(t))
      .map(
        (t) =>
          `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(x)${minus})::text, '|' ORDER BY (to_jsonb(x)${minus})::text), '')) AS h FROM "${t}" x`,
      )
      .join('\nUNION ALL\n');
  }
}
