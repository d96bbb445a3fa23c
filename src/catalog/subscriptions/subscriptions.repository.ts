import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Subscription } from './subscription-list.js';

/**
 * Every statement about `subscriptions`. Methods that take a `manager` run inside the caller's
 * transaction and use only it. Unsubscribing also clears the channel's entries from the user's
 * feed notification list (`feed_notifications`, the Invidious dialect's table) in the same
 * transaction: the core cannot call the dialect, and the list must not outlive the subscription.
 */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's subscriptions with their channel names, unordered. */
  listWithNames(userId: number): Promise<Subscription[]> {
    return this.dataSource.query(
      `SELECT COALESCE(c.name, '') AS author, s.channel_id AS "authorId"
       FROM subscriptions s LEFT JOIN channels c ON c.id = s.channel_id
       WHERE s.user_id = $1`,
      [userId],
    );
  }

  /** The subscribed channel ids, oldest subscription first. */
  async channelIds(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { channel_id: string }[] = await manager.query('SELECT channel_id FROM subscriptions WHERE user_id = $1 ORDER BY created_at, channel_id', [
      userId,
    ]);
    return rows.map((row) => row.channel_id);
  }

  /** Every channel at least one user subscribes to. */
  async subscribedChannelIds(): Promise<string[]> {
    const rows: { channel_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT channel_id FROM subscriptions WHERE channel_id ~ '^UC[A-Za-z0-9_-]{22}$' ORDER BY channel_id`,
    );
    return rows.map((row) => row.channel_id);
  }

  /**
   * Locks the user's row until the transaction ends, serialising concurrent subscribers of one user.
   * NO KEY UPDATE does not block foreign-key checks on the row.
   */
  async lockUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  }

  /** The user's subscriptions to channels other than `channelIds`. */
  async countOthers(manager: EntityManager, userId: number, channelIds: string[]): Promise<number> {
    const [{ others }]: { others: number }[] = await manager.query(
      'SELECT count(*)::integer AS others FROM subscriptions WHERE user_id = $1 AND NOT channel_id = ANY($2::text[])',
      [userId, channelIds],
    );
    return others;
  }

  /**
   * Adds the channels not yet subscribed, their creation times a microsecond apart in the order of
   * `channelIds`; returns the ids added.
   */
  async insertMissing(manager: EntityManager, userId: number, channelIds: string[]): Promise<string[]> {
    const added: { channel_id: string }[] = await manager.query(
      `INSERT INTO subscriptions (user_id, channel_id, created_at)
       SELECT $1, i.channel_id, now() - (cardinality($2::text[]) - i.position) * interval '1 microsecond'
       FROM unnest($2::text[]) WITH ORDINALITY AS i(channel_id, position)
       ON CONFLICT DO NOTHING
       RETURNING channel_id`,
      [userId, channelIds],
    );
    return added.map((row) => row.channel_id);
  }

  /**
   * Removes the subscriptions to `channelIds` (their feed timeline rows go with them, a cascade) and
   * their channels' entries from the user's notification list.
   */
  async deleteMany(manager: EntityManager, userId: number, channelIds: string[]): Promise<void> {
    await manager.query('DELETE FROM subscriptions WHERE user_id = $1 AND channel_id = ANY($2::text[])', [userId, channelIds]);
    await manager.query(
      `DELETE FROM feed_notifications n USING videos v
       WHERE n.user_id = $1 AND v.id = n.video_id AND v.channel_id = ANY($2::text[])`,
      [userId, channelIds],
    );
  }
}
