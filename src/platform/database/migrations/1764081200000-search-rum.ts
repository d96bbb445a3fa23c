import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ranked search index, when the server offers it (docs/search.md). */
export const RUM_INDEX = 'videos_search_rum_idx';

/**
 * A RUM index on `videos.search` where the `rum` extension can be created (Debian/Ubuntu:
 * `postgresql-<version>-rum`). RUM keeps each lexeme's positions in the index, so
 * `ORDER BY search <=> query LIMIT n` returns the best matches without reading every matching row;
 * `SearchRepository` checks at start-up whether the index exists. Without it (the embedded PGlite
 * database, a server without the package, or a role that may not create extensions) nothing is
 * created and search keeps the GIN index `videos_search_idx` with its bounded ranking.
 */
export class SearchRum1764081200000 implements MigrationInterface {
  name = 'SearchRum1764081200000';

  async up(q: QueryRunner): Promise<void> {
    const [{ available }] = await q.query(`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS available`);
    if (!available) return;
    // Creating an extension can still be refused (a role that is not allowed to): that must not
    // stop the migrations, so it is tried under a savepoint and the GIN path stays.
    await q.query('SAVEPOINT search_rum');
    try {
      await q.query('CREATE EXTENSION IF NOT EXISTS rum');
    } catch {
      await q.query('ROLLBACK TO SAVEPOINT search_rum');
      return;
    }
    await q.query('RELEASE SAVEPOINT search_rum');
    await q.query(`CREATE INDEX ${RUM_INDEX} ON videos USING rum (search rum_tsvector_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ${RUM_INDEX}`);
  }
}
