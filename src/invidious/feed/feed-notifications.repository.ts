import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isHeadRequest } from '../../platform/http/head-request.js';
import type { MappableVideo } from '../catalog/video-mapper.js';
import { LISTABLE, notifiedVideosQuery, toMappableVideo, type VideoRow } from './feed-query.js';

/** docs/dialects/invidious.md#feed: only the newest entries of a user's notification list are kept. */
export const MAX_NOTIFICATIONS_PER_USER = 1000;

/**
 * The feed's notification list (`feed_notifications`): uploads of subscribed channels the user
 * has not yet been shown in the feed's `notifications`. Every statement about the table, except
 * those in the catalog core that take entries off it as part of their own: marking a video watched
 * (WatchedRepository) and unsubscribing (SubscriptionsRepository).
 */
@Injectable()
export class FeedNotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A video new to the catalog: added for every user subscribed to its channel, then each of those
   * lists is cut to its newest 1000 (entries older than the 1000th go).
   *
   * Only users whose subscription began before the video was published get it. Invidious adds a
   * new video for every subscriber, but it fetches a channel's videos before storing a new
   * subscription; tubevault stores the subscription first and lets the refresh queue fetch the
   * videos, so without this rule every channel subscribed to (or imported) would flood its
   * subscriber's list with its whole back catalogue.
   */
  async addNewVideo(videoId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const added: { user_id: number }[] = await manager.query(
        `INSERT INTO feed_notifications (user_id, video_id)
         SELECT s.user_id, v.id
         FROM videos v
         JOIN subscriptions s ON s.channel_id = v.channel_id
         WHERE v.id = $1 AND ${LISTABLE} AND v.published >= s.created_at
         ON CONFLICT DO NOTHING
         RETURNING user_id`,
        [videoId],
      );
      if (added.length === 0) return 0;
      await manager.query(
        `DELETE FROM feed_notifications n
         USING unnest($1::integer[]) AS u(user_id)
         CROSS JOIN LATERAL (
           SELECT m.created_at, m.video_id FROM feed_notifications m
           WHERE m.user_id = u.user_id
           ORDER BY m.created_at DESC, m.video_id DESC
           OFFSET $2 LIMIT 1
         ) last_kept
         WHERE n.user_id = u.user_id AND (n.created_at, n.video_id) < (last_kept.created_at, last_kept.video_id)`,
        // The offset of the last entry kept: the 1000th newest.
        [added.map((row) => row.user_id), MAX_NOTIFICATIONS_PER_USER - 1],
      );
      return added.length;
    });
  }

  /** The whole list joined to the catalog, newest published first (at most 1000 rows). */
  async notifiedVideos(userId: number): Promise<MappableVideo[]> {
    const { sql, params } = notifiedVideosQuery(userId);
    const rows: VideoRow[] = await this.dataSource.query(sql, params);
    return rows.map(toMappableVideo);
  }

  /** Which of `videoIds` are on the user's list. */
  async notifiedAmong(userId: number, videoIds: string[]): Promise<Set<string>> {
    if (videoIds.length === 0) return new Set();
    const rows: { video_id: string }[] = await this.dataSource.query(
      'SELECT video_id FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])',
      [userId, videoIds],
    );
    return new Set(rows.map((row) => row.video_id));
  }

  /** The feed showed these in `notifications`: they are read. A HEAD request showed nothing, so it marks nothing. */
  async markRead(userId: number, videoIds: string[]): Promise<void> {
    if (videoIds.length === 0 || isHeadRequest()) return;
    await this.dataSource.query('DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])', [userId, videoIds]);
  }
}
