import { Injectable } from '@nestjs/common';
import type { ChannelVideoSort, ChannelVideosCursor } from './channel-videos-cursor.js';
import type { ChannelEntity } from './channel.entity.js';
import { ChannelsRepository } from './channels.repository.js';
import type { VideoEntity } from './video.entity.js';
import { VideosRepository } from './videos.repository.js';

const POPULAR_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The order of each channel-page sort; `key` reads the sort key of a row for the next cursor. */
const SORTS: Record<ChannelVideoSort, { column: 'published' | 'viewCount'; direction: 'ASC' | 'DESC'; key: (v: VideoEntity) => string | number | null }> = {
  newest: { column: 'published', direction: 'DESC', key: (v) => v.published?.toISOString() ?? null },
  oldest: { column: 'published', direction: 'ASC', key: (v) => v.published?.toISOString() ?? null },
  popular: { column: 'viewCount', direction: 'DESC', key: (v) => v.viewCount },
};

export interface VideoWithChannel {
  video: VideoEntity;
  channel: ChannelEntity | null;
}

export interface ChannelVideosPage {
  videos: VideoEntity[];
  next: ChannelVideosCursor | null;
}

/** Reads of the catalog (channels, videos) for the routes and the jobs. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly videos: VideosRepository,
    private readonly channels: ChannelsRepository,
  ) {}

  async findVideo(id: string): Promise<VideoWithChannel | null> {
    const video = await this.videos.findById(id);
    if (!video) return null;
    return { video, channel: await this.channels.findById(video.channelId) };
  }

  /** The videos with their channels, in the order of `ids`; ids not in the catalog are skipped. */
  async findVideos(ids: string[]): Promise<VideoWithChannel[]> {
    if (ids.length === 0) return [];
    const videos = new Map((await this.videos.findByIds(ids)).map((video) => [video.id, video]));
    const channelIds = [...new Set([...videos.values()].map((video) => video.channelId))];
    const channels = new Map((await this.channels.findByIds(channelIds)).map((channel) => [channel.id, channel]));
    return ids.flatMap((id) => {
      const video = videos.get(id);
      return video ? [{ video, channel: channels.get(video.channelId) ?? null }] : [];
    });
  }

  findChannel(id: string): Promise<ChannelEntity | null> {
    return this.channels.findById(id);
  }

  /**
   * One page of a channel's videos in `sort` order, after `cursor`. Sort keys that are unknown
   * (stubs without a date, videos without a view count) come last, then by id.
   */
  async listChannelVideos(channelId: string, sort: ChannelVideoSort, cursor: ChannelVideosCursor | null, limit: number): Promise<ChannelVideosPage> {
    const { column, direction, key } = SORTS[sort];
    const rows = await this.videos.channelPage(channelId, column, direction, cursor, limit + 1);
    const videos = rows.slice(0, limit);
    const last = videos[videos.length - 1];
    return { videos, next: rows.length > limit ? { sort, key: key(last), id: last.id } : null };
  }

  /**
   * docs/dialects/invidious.md#popular: the most viewed videos published in the last 7 days, then the newest
   * older ones, `limit` in all.
   */
  async popularVideos(limit: number, now: Date): Promise<VideoEntity[]> {
    const since = new Date(now.getTime() - POPULAR_WINDOW_MS);
    const recent = await this.videos.mostViewedSince(since, limit);
    if (recent.length >= limit) return recent;
    const older = await this.videos.newestBefore(since, limit - recent.length);
    return [...recent, ...older];
  }
}
