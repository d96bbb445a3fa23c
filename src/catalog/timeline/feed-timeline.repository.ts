import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * First key of the advisory lock that stands in for a channel row the catalog does not hold yet
 * (any constant unique to this table); the second key is the hash of the channel id.
 */
const ABSENT_CHANNEL_LOCK_CLASS = 0x66656564; // 'feed'

/**
 * Every write to `feed_timeline`, the subscription feed fanned out on write (docs/feed-query.md):
 * a row per user and listable video of each channel the user subscribes to. Every method runs
 * inside the caller's transaction, which holds the channel lock of docs/feed-query.md#races.
 * The Invidious feed reads the table (src/invidious/feed/feed-query.ts).
 */
@Injectable()
export class FeedTimelineRepository {
  /**
   * Brings the rows of `videoIds` in line with their stored state: removed where a video is no
   * longer listable or has moved to another channel, added (or given the new `published`) for
   * every subscriber of its channel. Run after the videos are written, under their channels' locks.
   */
  async fanOut(manager: EntityManager, videoIds: string[]): Promise<void> {
    if (videoIds.length === 0) return;
    await manager.query(
      `DELETE FROM feed_timeline t USING videos v
       WHERE t.video_id = ANY($1::text[]) AND v.id = t.video_id
         AND (v.missing_upstream OR v.title IS NULL OR t.channel_id <> v.channel_id)`,
      [videoIds],
    );
    await manager.query(
      `INSERT INTO feed_timeline AS t (user_id, channel_id, video_id, published)
       SELECT s.user_id, v.channel_id, v.id, v.published
       FROM videos v
       JOIN subscriptions s ON s.channel_id = v.channel_id
       WHERE v.id = ANY($1::text[]) AND NOT v.missing_upstream AND v.title IS NOT NULL
       ORDER BY 1, 2, 3
       ON CONFLICT (user_id, channel_id, video_id) DO UPDATE SET published = EXCLUDED.published
       WHERE t.published IS DISTINCT FROM EXCLUDED.published`,
      [videoIds],
    );
  }

  /** A new subscription's rows: every listable video the catalog holds of `channelIds`. */
  async backFill(manager: EntityManager, userId: number, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await manager.query(
      `INSERT INTO feed_timeline (user_id, channel_id, video_id, published)
       SELECT $1, v.channel_id, v.id, v.published
       FROM videos v
       WHERE v.channel_id = ANY($2::text[]) AND NOT v.missing_upstream AND v.title IS NOT NULL
       ORDER BY 2, 3
       ON CONFLICT DO NOTHING`,
      [userId, channelIds],
    );
  }

  /**
   * The lock of channels without a row to lock (docs/feed-query.md#races): taken by a subscriber
   * for channels the catalog lacks, and by the writer for the channels it has just created. One
   * statement, in key order, so two takers never wait on each other crosswise.
   */
  async lockAbsentChannels(manager: EntityManager, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await manager.query(
      `SELECT pg_advisory_xact_lock($1, k.key)
       FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($2::text[]) AS id) k
       ORDER BY k.key`,
      [ABSENT_CHANNEL_LOCK_CLASS, channelIds],
    );
  }
}
