import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' own Invidious playlists (`IVPL…`, docs/dialects/invidious.md#playlists). Entries name catalog videos by id
 * without a foreign key: an import may name videos the catalog has not fetched yet.
 */
export class Playlists1764079900000 implements MigrationInterface {
  name = 'Playlists1764079900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playlists (
        id text PRIMARY KEY CHECK (id ~ '^IVPL[A-Za-z0-9_-]{31}$'),
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        privacy text NOT NULL CHECK (privacy IN ('public', 'unlisted', 'private')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Creation order: playlists imported in one transaction share created_at, and the export must keep their order.
        created_seq bigint GENERATED ALWAYS AS IDENTITY
      )`);
    // GET playlists: a user's playlists, most recently changed first.
    await q.query('CREATE INDEX playlists_user_updated_idx ON playlists (user_id, updated_at DESC, id)');
    await q.query(`
      CREATE TABLE playlist_videos (
        playlist_id text NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
        index_id bigint NOT NULL CHECK (index_id >= 0),
        position integer NOT NULL CHECK (position >= 0),
        video_id text NOT NULL CHECK (video_id ~ '^[A-Za-z0-9_-]{11}$'),
        PRIMARY KEY (playlist_id, index_id),
        -- Deferrable so that closing the gap after a removal (position = position - 1) is checked
        -- once per statement, not row by row in whatever order the rows are updated.
        CONSTRAINT playlist_videos_position_key UNIQUE (playlist_id, position) DEFERRABLE INITIALLY IMMEDIATE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE playlist_videos');
    await q.query('DROP TABLE playlists');
  }
}
