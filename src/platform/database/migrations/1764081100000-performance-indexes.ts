import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes found missing by `npm run bench` (numbers in docs/benchmarks.md). */
export class PerformanceIndexes1764081100000 implements MigrationInterface {
  name = 'PerformanceIndexes1764081100000';

  async up(q: QueryRunner): Promise<void> {
    // The subscription feed (src/invidious/feed/feed-query.ts) merges each subscribed channel's newest listable
    // videos: with the listable rule as the predicate and the sort keys as the columns, each channel
    // is an index-only scan, and the heap is read for the page's rows only.
    await q.query(`
      CREATE INDEX videos_channel_listable_idx ON videos (channel_id, published DESC NULLS LAST, id DESC)
      WHERE NOT missing_upstream AND title IS NOT NULL`);
    // The search vectorises channels and catalog playlists on the fly (src/catalog/search/search.repository.ts:
    // name/title weighted A, description/author B). These are exactly those documents, so
    // `document @@ query` is answered from an index instead of vectorising every row on every search.
    await q.query(`
      CREATE INDEX channels_search_idx ON channels USING gin ((
        setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B')
      ))`);
    await q.query(`
      CREATE INDEX upstream_playlists_search_idx ON upstream_playlists USING gin ((
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(author, '')), 'B')
      ))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX upstream_playlists_search_idx');
    await q.query('DROP INDEX channels_search_idx');
    await q.query('DROP INDEX videos_channel_listable_idx');
  }
}
