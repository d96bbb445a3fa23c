import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Channels, videos and upstream playlists (the catalog), and the subscriptions that drive periodic refreshes. */
export class Catalog1764079500000 implements MigrationInterface {
  name = 'Catalog1764079500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channels (
        id text PRIMARY KEY CHECK (id ~ '^UC[A-Za-z0-9_-]{22}$'),
        name text,
        description text,
        thumbnails jsonb,
        banners jsonb,
        subscriber_count bigint,
        total_views bigint,
        joined timestamptz,
        missing_upstream boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE videos (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{11}$'),
        channel_id text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        channel_name text,
        title text,
        description text,
        published timestamptz,
        length_seconds integer,
        view_count bigint,
        like_count bigint,
        thumbnails jsonb,
        genre text,
        live_now boolean,
        is_upcoming boolean,
        premiere_at timestamptz,
        missing_upstream boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
          setweight(to_tsvector('simple'::regconfig, coalesce(channel_name, '')), 'B') ||
          setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C')
        ) STORED
      )`);
    // The feed, channel pages and notification replays: a channel's videos, newest first.
    await q.query('CREATE INDEX videos_channel_published_idx ON videos (channel_id, published DESC NULLS LAST, id DESC)');
    // /api/v1/popular and catalog-wide "newest": a range over recent videos.
    await q.query('CREATE INDEX videos_published_idx ON videos (published DESC NULLS LAST, id DESC)');
    await q.query('CREATE INDEX videos_search_idx ON videos USING gin (search)');

    await q.query(`
      CREATE TABLE upstream_playlists (
        id text PRIMARY KEY CHECK (id ~ '^(PL|UU|OL|FL|UL)[A-Za-z0-9_-]{10,62}$'),
        title text,
        author text,
        channel_id text,
        description text,
        thumbnail_url text,
        missing_upstream boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE upstream_playlist_videos (
        playlist_id text NOT NULL REFERENCES upstream_playlists (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        video_id text NOT NULL,
        PRIMARY KEY (playlist_id, position)
      )`);
    // "Which catalog playlists hold this video" (TubeArchivist's video.playlist).
    await q.query('CREATE INDEX upstream_playlist_videos_video_idx ON upstream_playlist_videos (video_id)');

    // Shared by both dialects' subscription APIs; the periodic refresh reads the distinct channel ids.
    await q.query(`
      CREATE TABLE subscriptions (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        channel_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, channel_id)
      )`);
    await q.query('CREATE INDEX subscriptions_channel_idx ON subscriptions (channel_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE subscriptions');
    await q.query('DROP TABLE upstream_playlist_videos');
    await q.query('DROP TABLE upstream_playlists');
    await q.query('DROP TABLE videos');
    await q.query('DROP TABLE channels');
  }
}
