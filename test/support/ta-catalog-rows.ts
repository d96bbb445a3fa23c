import type pg from 'pg';

/** Catalog rows written straight into a test world's database, for the TubeArchivist-dialect tests. */

export interface ChannelRow {
  id: string;
  name: string;
  description?: string;
  subscriberCount?: number;
  missingUpstream?: boolean;
  thumbnails?: { url: string; width: number; height: number }[];
  banners?: { url: string; width: number; height: number }[];
}

export interface VideoRow {
  id: string;
  channelId: string;
  title: string;
  description?: string;
  /** ISO date. */
  published?: string;
  lengthSeconds?: number;
  missingUpstream?: boolean;
  thumbnails?: { quality: string; url: string; width: number; height: number }[];
}

export interface PlaylistRow {
  id: string;
  title: string;
  author?: string;
  channelId?: string;
  thumbnailUrl?: string;
  videoIds: string[];
}

export async function insertChannels(db: pg.Pool, channels: ChannelRow[]): Promise<void> {
  for (const c of channels) {
    await db.query(
      `INSERT INTO channels (id, name, description, subscriber_count, missing_upstream, thumbnails, banners, last_refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, now())`,
      [
        c.id,
        c.name,
        c.description ?? null,
        c.subscriberCount ?? null,
        c.missingUpstream ?? false,
        JSON.stringify(c.thumbnails ?? null),
        JSON.stringify(c.banners ?? null),
      ],
    );
  }
}

/** One statement for all rows, so seeding 40 videos stays quick. */
export async function insertVideos(db: pg.Pool, videos: VideoRow[]): Promise<void> {
  await db.query(
    `INSERT INTO videos (id, channel_id, channel_name, title, description, published, length_seconds, missing_upstream, thumbnails, last_refreshed_at)
     SELECT i.id, i.channel_id, c.name, i.title, i.description, i.published::timestamptz, i.length_seconds, i.missing_upstream, i.thumbnails::jsonb, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::boolean[], $8::text[])
       AS i(id, channel_id, title, description, published, length_seconds, missing_upstream, thumbnails)
     JOIN channels c ON c.id = i.channel_id`,
    [
      videos.map((v) => v.id),
      videos.map((v) => v.channelId),
      videos.map((v) => v.title),
      videos.map((v) => v.description ?? null),
      videos.map((v) => v.published ?? null),
      videos.map((v) => v.lengthSeconds ?? null),
      videos.map((v) => v.missingUpstream ?? false),
      videos.map((v) => (v.thumbnails ? JSON.stringify(v.thumbnails) : null)),
    ],
  );
}

export async function insertPlaylist(db: pg.Pool, p: PlaylistRow): Promise<void> {
  await db.query('INSERT INTO upstream_playlists (id, title, author, channel_id, thumbnail_url, last_refreshed_at) VALUES ($1, $2, $3, $4, $5, now())', [
    p.id,
    p.title,
    p.author ?? null,
    p.channelId ?? null,
    p.thumbnailUrl ?? null,
  ]);
  await db.query(
    `INSERT INTO upstream_playlist_videos (playlist_id, position, video_id)
     SELECT $1, ordinality - 1, video_id FROM unnest($2::text[]) WITH ORDINALITY AS e(video_id, ordinality)`,
    [p.id, p.videoIds],
  );
}

/** `UC` + 22 characters, deterministic. */
export const channelId = (n: number) => `UCta${String(n).padStart(20, '0')}`;
/** 11 characters, deterministic. */
export const videoId = (n: number) => `vid${String(n).padStart(8, '0')}`;
