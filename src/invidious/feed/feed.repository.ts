import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MappableVideo } from '../catalog/video-mapper.js';
import { subscriptionFeedQuery, timelinePageQuery, toMappableVideo, type FeedQueryOptions, type TimelinePageOptions, type VideoRow } from './feed-query.js';

/**
 * The subscription feed's read model: videos of the channels a user subscribes to, read over
 * `feed_timeline` (or `subscriptions` for `latest_only`), `videos` and `watched` in one statement
 * (built and documented in feed-query.ts and docs/feed-query.md) and writing none of them. The
 * catalog core fills the timeline (src/catalog/timeline/); the reads stay with the Invidious feed
 * rather than in the catalog's repositories: they are Invidious's feed algorithm (`unseen_only`,
 * `latest_only`, its paging) shaped for the Invidious video mapper, and share their columns with
 * the notification list's read (FeedNotificationsRepository).
 */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the feed, from the user's timeline. */
  async timelinePage(options: TimelinePageOptions): Promise<MappableVideo[]> {
    const { sql, params } = timelinePageQuery(options);
    const rows: VideoRow[] = await this.dataSource.query(sql, params);
    return rows.map(toMappableVideo);
  }

  /** With `perChannel` 1 and no limit, each subscribed channel's newest video (`latest_only`). */
  async subscriptionFeed(options: FeedQueryOptions): Promise<MappableVideo[]> {
    const { sql, params } = subscriptionFeedQuery(options);
    const rows: VideoRow[] = await this.dataSource.query(sql, params);
    return rows.map(toMappableVideo);
  }
}
