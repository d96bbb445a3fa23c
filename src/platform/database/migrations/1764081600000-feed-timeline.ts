import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subscription feed, fanned out on write (docs/feed-query.md): one row per user and listable
 * video of a channel the user subscribes to, so a feed page is one range of one index whatever the
 * number of subscriptions. Filled here from the existing subscriptions × listable videos.
 */
export class FeedTimeline1764081600000 implements MigrationInterface {
  name = 'FeedTimeline1764081600000';

  async up(q: QueryRunner): Promise<void> {
    // The key starts with the subscription's key: an unsubscribe (the cascade below) is one range.
    await q.query(`
      CREATE TABLE feed_timeline (
        user_id integer NOT NULL,
        channel_id text NOT NULL,
        video_id text NOT NULL,
        published timestamptz,
        PRIMARY KEY (user_id, channel_id, video_id)
      )`);
    // Filled before the secondary index and the foreign keys exist: built and checked once, in bulk.
    await q.query(`
      INSERT INTO feed_timeline (user_id, channel_id, video_id, published)
      SELECT s.user_id, s.channel_id, v.id, v.published
      FROM subscriptions s
      JOIN videos v ON v.channel_id = s.channel_id AND NOT v.missing_upstream AND v.title IS NOT NULL
      ORDER BY 1, 2, 3`);
    // A feed page: the user's rows newest first, in the feed's order.
    await q.query('CREATE INDEX feed_timeline_user_published_idx ON feed_timeline (user_id, published DESC NULLS LAST, video_id DESC)');
    // A video's rows, for the fan-out of its changes and the cascade when it is deleted.
    await q.query('CREATE INDEX feed_timeline_video_idx ON feed_timeline (video_id)');
    // No row outlives its subscription (unsubscribe, user deletion) or its video (channel deletion).
    await q.query(`
      ALTER TABLE feed_timeline
        ADD FOREIGN KEY (user_id, channel_id) REFERENCES subscriptions (user_id, channel_id) ON DELETE CASCADE,
        ADD FOREIGN KEY (video_id) REFERENCES videos (id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feed_timeline');
  }
}
