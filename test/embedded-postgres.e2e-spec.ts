import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { jest } from '@jest/globals';

/**
 * The embedded database (PGlite in a child process, one engine session shared by every socket)
 * under concurrent readers and writers: each connection's protocol exchanges must stay whole, or
 * one connection's extended-protocol messages land between another's (Parse of one, Bind of the
 * other) and a query fails or returns another query's rows. docs/security.md, point 13.
 */
describe('the embedded database under concurrency (dist/src/platform/database/embedded-postgres.js)', () => {
  jest.setTimeout(180_000);
  let dir: string;
  let stop: (() => Promise<void>) | undefined;
  let pool: pg.Pool | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tv-embedded-'));
  });

  afterAll(async () => {
    await pool?.end().catch(() => undefined);
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs thousands of mixed concurrent queries over 4 connections with no error and the right rows', async () => {
    const modulePath = new URL('../dist/src/platform/database/embedded-postgres.js', import.meta.url).href;
    const { startEmbeddedPostgres } = (await import(modulePath)) as typeof import('../src/platform/database/embedded-postgres.js');
    const embedded = await startEmbeddedPostgres(dir, 4);
    stop = embedded.stop;
    pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
    await pool.query('CREATE TABLE counters (id integer PRIMARY KEY, owner text NOT NULL, n integer NOT NULL)');
    await pool.query('CREATE TABLE notes (id serial PRIMARY KEY, owner integer NOT NULL, body text NOT NULL)');

    const WORKERS = 8;
    const ROUNDS = 100; // 8 workers x 100 rounds x 6 statements: 4,800 queries
    const errors: string[] = [];
    const wrong: string[] = [];
    const worker = async (w: number) => {
      await pool!.query('INSERT INTO counters (id, owner, n) VALUES ($1, $2, 0)', [w, `worker-${w}`]);
      for (let round = 1; round <= ROUNDS; round++) {
        try {
          // A write in a transaction, a read of this worker's own rows, and a read of another shape:
          // rows of another connection's statement would show up as a wrong owner or column set.
          const client = await pool!.connect();
          try {
            await client.query('BEGIN');
            await client.query('UPDATE counters SET n = n + 1 WHERE id = $1', [w]);
            await client.query('INSERT INTO notes (owner, body) VALUES ($1, $2)', [w, `note ${w}/${round}`]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
          const counter = await pool!.query<{ id: number; owner: string; n: number }>('SELECT id, owner, n FROM counters WHERE id = $1', [w]);
          const row = counter.rows[0];
          if (counter.rows.length !== 1 || row.id !== w || row.owner !== `worker-${w}` || row.n !== round) {
            wrong.push(`worker ${w} round ${round}: counter ${JSON.stringify(counter.rows)}`);
          }
          const notes = await pool!.query<{ count: string; last: string }>(
            'SELECT count(*) AS count, max(body) FILTER (WHERE body = $2) AS last FROM notes WHERE owner = $1',
            [w, `note ${w}/${round}`],
          );
          if (Number(notes.rows[0]?.count) !== round || notes.rows[0]?.last !== `note ${w}/${round}`) {
            wrong.push(`worker ${w} round ${round}: notes ${JSON.stringify(notes.rows)}`);
          }
        } catch (error) {
          errors.push(`worker ${w} round ${round}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w + 1)));

    expect(errors.slice(0, 5)).toEqual([]);
    expect(errors).toHaveLength(0);
    expect(wrong.slice(0, 5)).toEqual([]);
    const total = await pool.query<{ n: string }>('SELECT sum(n) AS n FROM counters');
    expect(Number(total.rows[0].n)).toBe(WORKERS * ROUNDS);
    const notes = await pool.query<{ n: string }>('SELECT count(*) AS n FROM notes');
    expect(Number(notes.rows[0].n)).toBe(WORKERS * ROUNDS);
  });
});
