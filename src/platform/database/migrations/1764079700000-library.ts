import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user library state shared by both dialects: watched videos (Invidious history, TubeArchivist
 * watched, the feed's `unseen_only`) and the feed's notification list (new uploads of subscribed
 * channels not yet read in the feed). Video ids need not be in the catalog (history may name any video).
 */
export class Library1764079700000 implements MigrationInterface {
  name = 'Library1764079700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watched (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        video_id text NOT NULL CHECK (video_id ~ '^[A-Za-z0-9_-]{11}$'),
        watched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, video_id)
      )`);
    // History pages: a user's watched videos, newest first.
    await q.query('CREATE INDEX watched_user_recent_idx ON watched (user_id, watched_at DESC, video_id DESC)');
    await q.query(`
      CREATE TABLE feed_notifications (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        video_id text NOT NULL CHECK (video_id ~ '^[A-Za-z0-9_-]{11}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, video_id)
      )`);
    await q.query('CREATE INDEX feed_notifications_user_recent_idx ON feed_notifications (user_id, created_at DESC, video_id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feed_notifications');
    await q.query('DROP TABLE watched');
  }
}
