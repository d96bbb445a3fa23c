import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MappableVideo } from '../catalog/video-mapper.js';
import { subscriptionFeedQuery, toMappableVideo, type FeedQueryOptions, type VideoRow } from './feed-query.js';

/**
 * The subscription feed's read model: videos of the channels a user subscribes to, paged, read
 * over `subscriptions`, `videos` and `watched` in one statement (built and documented in
 * feed-query.ts and docs/feed-query.md) and writing none of them. It stays with the Invidious feed
 * rather than in the catalog's VideosRepository: the statement is Invidious's feed algorithm
 * (`unseen_only`, `latest_only`, its paging) shaped for the Invidious video mapper, and shares its
 * columns with the notification list's read (FeedNotificationsRepository).
 */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the feed (or, with `perChannel` 1 and no limit, each channel's newest video). */
  async subscriptionFeed(options: FeedQueryOptions): Promise<MappableVideo[]> {
    const { sql, params } = subscriptionFeedQuery(options);
    const rows: VideoRow[] = await this.dataSource.query(sql, params);
    return rows.map(toMappableVideo);
  }
}
