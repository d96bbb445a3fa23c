import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RedisService } from '../../platform/redis/redis.module.js';
import { FeedTimelineRepository } from '../timeline/feed-timeline.repository.js';
import { CATALOG_EVENTS_CHANNEL, serializeCatalogEvent, type CatalogEvent } from './catalog-events.js';
import { bareChannel, type ChannelRecord, type PlaylistRecord, type VideoRecord } from './catalog-records.js';
import { ChannelsRepository } from './channels.repository.js';
import { isChannelId } from './ids.js';
import { iso } from './sql-values.js';
import { UpstreamPlaylistsRepository } from './upstream-playlists.repository.js';
import { VideosRepository, type TimelineState } from './videos.repository.js';

export interface SavedVideo {
  id: string;
  channelId: string;
  /** The video was new to the catalog. */
  created: boolean;
}

export type CatalogItemKind = 'video' | 'channel' | 'playlist';

/** Postgres's deadlock_detected: two batches locked overlapping rows; the loser is simply run again. */
const DEADLOCK = '40P01';
const DEADLOCK_RETRIES = 3;

/** A known value that is now different; filling in an unknown one is not a change. */
const changed = (before: string | null, after: string | null) => before !== null && before !== after;

/** The feed timeline keeps a video's listability, channel and date: a change of one is fanned out. */
const sameTimelineState = (a: TimelineState, b: TimelineState) =>
  a.listable === b.listable && (!a.listable || (a.channelId === b.channelId && a.published?.getTime() === b.published?.getTime()));

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
    private readonly videos: VideosRepository,
    private readonly channels: ChannelsRepository,
    private readonly playlists: UpstreamPlaylistsRepository,
    private readonly timeline: FeedTimelineRepository,
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
      if (owner) await this.upsertChannels(manager, [bareChannel(owner, playlist.author)], false);
      await this.playlists.save(manager, playlist, owner);
      return result;
    });
    await this.publish(events);
    return saved;
  }

  /** The upstream answered 404: flags the stored item (an item the catalog never had stays absent). */
  async markMissing(kind: CatalogItemKind, id: string): Promise<boolean> {
    switch (kind) {
      case 'video':
        return this.transaction(async (manager) => {
          const channelId = await this.videos.channelOf(manager, id);
          if (channelId === null) return false;
          // The lock a subscriber's back-fill waits for (docs/feed-query.md#races).
          await this.channels.lockForWriter(manager, [channelId]);
          const found = await this.videos.markMissing(manager, id);
          await this.timeline.fanOut(manager, [id]);
          return found;
        });
      case 'channel':
        return this.channels.markMissing(id);
      case 'playlist':
        return this.playlists.markMissing(id);
    }
  }

  /**
   * `refreshed`: this is the channel's own data (sets last_refreshed_at, clears missing_upstream);
   * otherwise a stub from a video or playlist that only fills what is unknown or changed.
   * A new name is copied onto the channel's videos, whose search vector includes it.
   *
   * The upsert locks each stored channel row until commit, and a channel created here is locked
   * by its stand-in lock: a subscriber's back-fill of the channel and the fan-out of its videos
   * then never run unaware of each other (docs/feed-query.md#races).
   */
  private async upsertChannels(manager: EntityManager, channels: ChannelRecord[], refreshed: boolean): Promise<void> {
    const rows = [...new Map(channels.map((c) => [c.id, c])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const created = await this.channels.upsert(manager, rows, refreshed);
    await this.timeline.lockAbsentChannels(manager, created);
  }

  private async upsertVideos(manager: EntityManager, records: VideoRecord[]): Promise<{ saved: SavedVideo[]; events: CatalogEvent[] }> {
    const videos = mergeById(records).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (videos.length === 0) return { saved: [], events: [] };
    await this.upsertChannels(
      manager,
      videos.map((v) => ({ ...bareChannel(v.channelId, v.channelName), thumbnails: v.channelThumbnails })),
      false,
    );

    // The previous values, locked until commit: concurrent refreshes of one video then agree on
    // whether its title or description changed, so an event is published once.
    const previousRows = await this.videos.lockPrevious(
      manager,
      videos.map((v) => v.id),
    );
    const previous = new Map(previousRows.map((row) => [row.id, row]));
    // An approximate date only fills an unknown one.
    const published = videos.map((v) => (v.publishedIsApproximate && previous.get(v.id)?.has_published ? null : iso(v.published)));

    // A video moving to another channel leaves the old channel's subscribers: their rows change too.
    const byId = new Map(videos.map((v) => [v.id, v]));
    const leftChannels = previousRows.filter((row) => row.channelId !== byId.get(row.id)?.channelId).map((row) => row.channelId);
    await this.channels.lockForWriter(manager, [...new Set(leftChannels)]);

    const rows = await this.videos.upsert(manager, videos, published);
    // The feed timeline, in this transaction: new videos and those whose listability, channel or date changed.
    await this.timeline.fanOut(
      manager,
      rows.filter((row) => row.created || !previous.has(row.id) || !sameTimelineState(previous.get(row.id)!, row)).map((row) => row.id),
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
