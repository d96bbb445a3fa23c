import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RedisService } from '../../platform/redis/redis.module.js';
import { CATALOG_EVENTS_CHANNEL, serializeCatalogEvent, type CatalogEvent } from './catalog-events.js';
import type { ChannelRecord, PlaylistRecord, VideoRecord } from './catalog-records.js';
import { isChannelId } from './ids.js';

export interface SavedVideo {
  id: string;
  channelId: string;
  /** The video was new to the catalog. */
  created: boolean;
}

export type CatalogItemKind = 'video' | 'channel' | 'playlist';

const TABLES: Record<CatalogItemKind, string> = { video: 'videos', channel: 'channels', playlist: 'upstream_playlists' };
/** Postgres's deadlock_detected: two batches locked overlapping rows; the loser is simply run again. */
const DEADLOCK = '40P01';
const DEADLOCK_RETRIES = 3;

const EMPTY_CHANNEL: Omit<ChannelRecord, 'id'> = {
  name: null,
  description: null,
  thumbnails: null,
  banners: null,
  subscriberCount: null,
  totalViews: null,
  joined: null,
};

const iso = (date: Date | null) => date?.toISOString() ?? null;
/**
 * Image lists travel as JSON text (node-pg would read a JS array inside an array parameter as a
 * dimension); an empty list is "none sent" and keeps the stored one.
 */
const jsonList = (list: unknown[] | null) => (list?.length ? JSON.stringify(list) : null);
/** A known value that is now different; filling in an unknown one is not a change. */
const changed = (before: string | null, after: string | null) => before !== null && before !== after;

/** Fields a later record of the same video leaves unknown keep the earlier record's values. */
function mergeById(videos: VideoRecord[]): VideoRecord[] {
  const byId = new Map<string, VideoRecord>();
  for (const video of videos) {
    const earlier = byId.get(video.id);
    if (!earlier) {
      byId.set(video.id, video);
      continue;
    }
    const merged = { ...earlier } as Record<string, unknown>;
    for (const [key, value] of Object.entries(video)) if (value !== null) merged[key] = value;
    byId.set(video.id, merged as unknown as VideoRecord);
  }
  return [...byId.values()];
}

/**
 * Every write to the catalog. Upserts are idempotent and never replace a stored value with null;
 * batches go through `unnest` in id order (one statement, a stable lock order). Catalog events are
 * decided inside the transaction (from the rows' previous values) and published after it commits.
 */
@Injectable()
export class CatalogWriter {
  private readonly logger = new Logger('CatalogWriter');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  /** A full refresh of a channel: updates what the upstream sent and marks it present. */
  async saveChannel(channel: ChannelRecord): Promise<void> {
    await this.transaction((manager) => this.upsertChannels(manager, [channel], true));
  }

  /** Upserts videos and stubs of their channels; publishes the catalog events they cause. */
  async saveVideos(videos: VideoRecord[]): Promise<SavedVideo[]> {
    if (videos.length === 0) return [];
    const { saved, events } = await this.transaction((manager) => this.upsertVideos(manager, videos));
    await this.publish(events);
    return saved;
  }

  /** Stores a playlist, its members (and their channels) and replaces its entries, in one transaction. */
  async savePlaylist(playlist: PlaylistRecord): Promise<SavedVideo[]> {
    const { saved, events } = await this.transaction(async (manager) => {
      const result = await this.upsertVideos(manager, playlist.videos);
      const owner = isChannelId(playlist.channelId) ? playlist.channelId : null;
      if (owner) await this.upsertChannels(manager, [{ ...EMPTY_CHANNEL, id: owner, name: playlist.author }], false);
      await manager.query(
        `INSERT INTO upstream_playlists AS p (id, title, author, channel_id, description, thumbnail_url, last_refreshed_at, missing_upstream)
         VALUES ($1, $2, $3, $4, $5, $6, now(), false)
         ON CONFLICT (id) DO UPDATE SET
           title = COALESCE(EXCLUDED.title, p.title),
           author = COALESCE(EXCLUDED.author, p.author),
           channel_id = COALESCE(EXCLUDED.channel_id, p.channel_id),
           description = COALESCE(EXCLUDED.description, p.description),
           thumbnail_url = COALESCE(EXCLUDED.thumbnail_url, p.thumbnail_url),
           last_refreshed_at = now(),
           missing_upstream = false`,
        [playlist.id, playlist.title, playlist.author, owner, playlist.description, playlist.thumbnailUrl],
      );
      // The entries are the upstream's current order, so they are replaced rather than merged.
      await manager.query('DELETE FROM upstream_playlist_videos WHERE playlist_id = $1', [playlist.id]);
      await manager.query(
        `INSERT INTO upstream_playlist_videos (playlist_id, position, video_id)
         SELECT $1, ordinality - 1, video_id FROM unnest($2::text[]) WITH ORDINALITY AS e(video_id, ordinality)`,
        [playlist.id, playlist.videos.map((video) => video.id)],
      );
      return result;
    });
    await this.publish(events);
    return saved;
  }

  /** The upstream answered 404: flags the stored item (an item the catalog never had stays absent). */
  async markMissing(kind: CatalogItemKind, id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${TABLES[kind]} SET missing_upstream = true, last_refreshed_at = now() WHERE id = $1`,
      [id],
    );
    return affected > 0;
  }

  /**
   * `refreshed`: this is the channel's own data (sets last_refreshed_at, clears missing_upstream);
   * otherwise a stub from a video or playlist that only fills what is unknown or changed.
   * A new name is copied onto the channel's videos, whose search vector includes it.
   */
  private async upsertChannels(manager: EntityManager, channels: ChannelRecord[], refreshed: boolean): Promise<void> {
    const rows = [...new Map(channels.map((c) => [c.id, c])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await manager.query(
      `WITH upserted AS (
         INSERT INTO channels AS c (id, name, description, thumbnails, banners, subscriber_count, total_views, joined, last_refreshed_at)
         SELECT i.id, i.name, i.description, i.thumbnails::jsonb, i.banners::jsonb, i.subscriber_count, i.total_views, i.joined::timestamptz,
                CASE WHEN $9::boolean THEN now() END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])
           AS i(id, name, description, thumbnails, banners, subscriber_count, total_views, joined)
         ORDER BY i.id
         ON CONFLICT (id) DO UPDATE SET
           name = COALESCE(EXCLUDED.name, c.name),
           description = COALESCE(EXCLUDED.description, c.description),
           thumbnails = COALESCE(EXCLUDED.thumbnails, c.thumbnails),
           banners = COALESCE(EXCLUDED.banners, c.banners),
           subscriber_count = COALESCE(EXCLUDED.subscriber_count, c.subscriber_count),
           total_views = COALESCE(EXCLUDED.total_views, c.total_views),
           joined = COALESCE(EXCLUDED.joined, c.joined),
           last_refreshed_at = COALESCE(EXCLUDED.last_refreshed_at, c.last_refreshed_at),
           missing_upstream = c.missing_upstream AND NOT $9::boolean
         RETURNING c.id, c.name
       )
       UPDATE videos v SET channel_name = u.name FROM upserted u
       WHERE v.channel_id = u.id AND v.channel_name IS DISTINCT FROM u.name`,
      [
        rows.map((c) => c.id),
        rows.map((c) => c.name),
        rows.map((c) => c.description),
        rows.map((c) => jsonList(c.thumbnails)),
        rows.map((c) => jsonList(c.banners)),
        rows.map((c) => c.subscriberCount),
        rows.map((c) => c.totalViews),
        rows.map((c) => iso(c.joined)),
        refreshed,
      ],
    );
  }

  private async upsertVideos(manager: EntityManager, records: VideoRecord[]): Promise<{ saved: SavedVideo[]; events: CatalogEvent[] }> {
    const videos = mergeById(records).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (videos.length === 0) return { saved: [], events: [] };
    await this.upsertChannels(
      manager,
      videos.map((v) => ({ ...EMPTY_CHANNEL, id: v.channelId, name: v.channelName, thumbnails: v.channelThumbnails })),
      false,
    );

    // The previous values, locked until commit: concurrent refreshes of one video then agree on
    // whether its title or description changed, so an event is published once.
    const previousRows: { id: string; title: string | null; description: string | null; has_published: boolean }[] = await manager.query(
      'SELECT id, title, description, published IS NOT NULL AS has_published FROM videos WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
      [videos.map((v) => v.id)],
    );
    const previous = new Map(previousRows.map((row) => [row.id, row]));
    // An approximate date only fills an unknown one.
    const published = videos.map((v) => (v.publishedIsApproximate && previous.get(v.id)?.has_published ? null : iso(v.published)));

    const rows: { id: string; channelId: string; title: string | null; description: string | null; created: boolean }[] = await manager.query(
      `INSERT INTO videos AS v (id, channel_id, channel_name, title, description, published, length_seconds, view_count, like_count,
                                thumbnails, genre, live_now, is_upcoming, premiere_at, last_refreshed_at, missing_upstream)
       SELECT i.id, i.channel_id, c.name, i.title, i.description, i.published::timestamptz, i.length_seconds, i.view_count, i.like_count,
              i.thumbnails::jsonb, i.genre, i.live_now, i.is_upcoming, i.premiere_at::timestamptz, now(), false
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bigint[], $8::bigint[],
                   $9::text[], $10::text[], $11::boolean[], $12::boolean[], $13::text[])
         AS i(id, channel_id, title, description, published, length_seconds, view_count, like_count, thumbnails, genre, live_now, is_upcoming, premiere_at)
       JOIN channels c ON c.id = i.channel_id
       ORDER BY i.id
       ON CONFLICT (id) DO UPDATE SET
         channel_id = EXCLUDED.channel_id,
         channel_name = EXCLUDED.channel_name,
         title = COALESCE(EXCLUDED.title, v.title),
         description = COALESCE(EXCLUDED.description, v.description),
         published = COALESCE(EXCLUDED.published, v.published),
         length_seconds = COALESCE(EXCLUDED.length_seconds, v.length_seconds),
         view_count = COALESCE(EXCLUDED.view_count, v.view_count),
         like_count = COALESCE(EXCLUDED.like_count, v.like_count),
         thumbnails = COALESCE(EXCLUDED.thumbnails, v.thumbnails),
         genre = COALESCE(EXCLUDED.genre, v.genre),
         live_now = COALESCE(EXCLUDED.live_now, v.live_now),
         is_upcoming = COALESCE(EXCLUDED.is_upcoming, v.is_upcoming),
         premiere_at = COALESCE(EXCLUDED.premiere_at, v.premiere_at),
         last_refreshed_at = EXCLUDED.last_refreshed_at,
         missing_upstream = false
       -- xmax is 0 only on a freshly inserted row version.
       RETURNING v.id, v.channel_id AS "channelId", v.title, v.description, (v.xmax = 0) AS created`,
      [
        videos.map((v) => v.id),
        videos.map((v) => v.channelId),
        videos.map((v) => v.title),
        videos.map((v) => v.description),
        published,
        videos.map((v) => v.lengthSeconds),
        videos.map((v) => v.viewCount),
        videos.map((v) => v.likeCount),
        videos.map((v) => jsonList(v.thumbnails)),
        videos.map((v) => v.genre),
        videos.map((v) => v.liveNow),
        videos.map((v) => v.isUpcoming),
        videos.map((v) => iso(v.premiereAt)),
      ],
    );

    const at = Date.now();
    const events: CatalogEvent[] = [];
    for (const row of rows) {
      const before = previous.get(row.id);
      if (row.created) events.push({ type: 'video.created', videoId: row.id, channelId: row.channelId, at });
      else if (before && (changed(before.title, row.title) || changed(before.description, row.description))) {
        events.push({ type: 'video.updated', videoId: row.id, channelId: row.channelId, at });
      }
    }
    return { saved: rows.map(({ id, channelId, created }) => ({ id, channelId, created })), events };
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }

  /** After commit. A lost event is logged, not retried: the job's data is stored either way. */
  private async publish(events: CatalogEvent[]): Promise<void> {
    if (events.length === 0) return;
    const channel = this.redis.key(...CATALOG_EVENTS_CHANNEL);
    try {
      const pipeline = this.redis.commands.pipeline();
      for (const event of events) pipeline.publish(channel, serializeCatalogEvent(event));
      await pipeline.exec();
    } catch (error) {
      this.logger.warn(`could not publish ${events.length} catalog event(s): ${(error as Error).message}`);
    }
  }
}
