import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { ChannelVideoSort, ChannelVideosCursor } from './channel-videos-cursor.js';
import { ChannelEntity } from './channel.entity.js';
import { VideoEntity } from './video.entity.js';

/** Lists show videos that are still upstream and have at least a title (not bare stubs). */
const LISTABLE = 'v.missingUpstream = false AND v.title IS NOT NULL';
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
    @InjectRepository(VideoEntity) private readonly videos: Repository<VideoEntity>,
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
  ) {}

  async findVideo(id: string): Promise<VideoWithChannel | null> {
    const video = await this.videos.findOneBy({ id });
    if (!video) return null;
    return { video, channel: await this.channels.findOneBy({ id: video.channelId }) };
  }

  findChannel(id: string): Promise<ChannelEntity | null> {
    return this.channels.findOneBy({ id });
  }

  /**
   * One page of a channel's videos in `sort` order, after `cursor`. Sort keys that are unknown
   * (stubs without a date, videos without a view count) come last, then by id.
   */
  async listChannelVideos(channelId: string, sort: ChannelVideoSort, cursor: ChannelVideosCursor | null, limit: number): Promise<ChannelVideosPage> {
    const { column, direction, key } = SORTS[sort];
    const query = this.videos.createQueryBuilder('v').where('v.channelId = :channelId', { channelId }).andWhere(LISTABLE);
    if (cursor) this.after(query, column, direction, cursor);
    const rows = await query
      .orderBy(`v.${column}`, direction, 'NULLS LAST')
      .addOrderBy('v.id', direction)
      .limit(limit + 1)
      .getMany();
    const videos = rows.slice(0, limit);
    const last = videos[videos.length - 1];
    return { videos, next: rows.length > limit ? { sort, key: key(last), id: last.id } : null };
  }

  /** Keyset condition: rows strictly after the cursor row in `(column NULLS LAST, id)` order. */
  private after(query: SelectQueryBuilder<VideoEntity>, column: string, direction: 'ASC' | 'DESC', cursor: ChannelVideosCursor): void {
    const beyond = direction === 'DESC' ? '<' : '>';
    query.andWhere(
      new Brackets((q) => {
        if (cursor.key === null) {
          q.where(`v.${column} IS NULL AND v.id ${beyond} :cursorId`);
        } else {
          q.where(`v.${column} ${beyond} :cursorKey`)
            .orWhere(`v.${column} = :cursorKey AND v.id ${beyond} :cursorId`)
            .orWhere(`v.${column} IS NULL`);
        }
      }),
      { cursorKey: cursor.key, cursorId: cursor.id },
    );
  }

  /**
   * invidious.md §7.3b: the most viewed videos published in the last 7 days, then the newest
   * older ones, `limit` in all.
   */
  async popularVideos(limit: number, now: Date): Promise<VideoEntity[]> {
    const since = new Date(now.getTime() - POPULAR_WINDOW_MS);
    const recent = await this.videos
      .createQueryBuilder('v')
      .where(LISTABLE)
      .andWhere('v.published >= :since', { since })
      .orderBy('v.viewCount', 'DESC', 'NULLS LAST')
      .addOrderBy('v.published', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(limit)
      .getMany();
    if (recent.length >= limit) return recent;
    const older = await this.videos
      .createQueryBuilder('v')
      .where(LISTABLE)
      .andWhere(new Brackets((q) => q.where('v.published < :since', { since }).orWhere('v.published IS NULL')))
      .orderBy('v.published', 'DESC', 'NULLS LAST')
      .addOrderBy('v.id', 'DESC')
      .limit(limit - recent.length)
      .getMany();
    return [...recent, ...older];
  }

}
