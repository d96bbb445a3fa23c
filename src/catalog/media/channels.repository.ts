import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository } from 'typeorm';
import type { ChannelRecord, Image } from './catalog-records.js';
import { ChannelEntity } from './channel.entity.js';
import { iso, jsonList, keepingStoredValues } from './sql-values.js';
import { ByIdRepository } from './by-id.repository.js';

/**
 * The channel columns of the per-user reads (TubeArchivist's objects), with the caller's
 * subscription (`$2`); the videos' per-user read selects them too.
 */
export const CHANNEL_COLUMNS = `
  c.id AS channel_id, c.name AS channel_name, c.description AS channel_description,
  c.subscriber_count AS channel_subscriber_count, c.missing_upstream AS channel_missing_upstream,
  c.created_at AS channel_created_at, c.last_refreshed_at AS channel_last_refreshed_at,
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = $2 AND s.channel_id = c.id) AS channel_subscribed`;

/** A row of `CHANNEL_COLUMNS`. Postgres returns int8 as a string. */
export interface ChannelColumns {
  channel_id: string;
  channel_name: string | null;
  channel_description: string | null;
  channel_subscriber_count: string | null;
  channel_missing_upstream: boolean;
  channel_created_at: Date;
  channel_last_refreshed_at: Date | null;
  channel_subscribed: boolean;
}

/**
 * Every statement about `channels`. An upsert also copies a new name onto the channel's videos
 * (their search vector includes it), in the same statement.
 */
@Injectable()
export class ChannelsRepository extends ByIdRepository<ChannelEntity> {
  constructor(@InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>) {
    super(channels);
  }

  /** The avatars and banners of a channel; null when the catalog does not hold it. */
  async images(id: string): Promise<{ thumbnails: Image[] | null; banners: Image[] | null } | null> {
    const [row]: { thumbnails: Image[] | null; banners: Image[] | null }[] = await this.channels.query(
      'SELECT thumbnails, banners FROM channels WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  /** The channels among `ids`, with whether `userId` subscribes to each. */
  withSubscription(ids: string[], userId: number): Promise<ChannelColumns[]> {
    return this.channels.query(`SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = ANY($1::text[])`, [ids, userId]);
  }

  /** The upstream answered 404: flags the stored channel; false when the catalog never had it. */
  async markMissing(id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.channels.query(`UPDATE channels SET missing_upstream = true, last_refreshed_at = now() WHERE id = $1`, [
      id,
    ]);
    return affected > 0;
  }

  /**
   * Inside the caller's transaction: locks the stored ones among `channelIds` against the catalog
   * writer until the transaction ends (docs/feed-query.md#races) and returns their ids. SHARE: two
   * subscribers of one channel do not wait for each other.
   */
  async lockForSubscribers(manager: EntityManager, channelIds: string[]): Promise<string[]> {
    if (channelIds.length === 0) return [];
    const rows: { id: string }[] = await manager.query('SELECT id FROM channels WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE', [channelIds]);
    return rows.map((row) => row.id);
  }

  /**
   * Inside the caller's transaction: the writer's lock on `channelIds` (the one an upsert takes),
   * for writes to their videos that do not upsert the channel (docs/feed-query.md#races).
   */
  async lockForWriter(manager: EntityManager, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await manager.query('SELECT 1 FROM channels WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [channelIds]);
  }

  /**
   * Inside the caller's transaction, in id order (a stable lock order). `refreshed`: this is the
   * channel's own data (sets last_refreshed_at, clears missing_upstream); otherwise a stub that
   * only fills what is unknown or changed. Returns the ids of the channels new to the catalog.
   */
  async upsert(manager: EntityManager, rows: ChannelRecord[], refreshed: boolean): Promise<string[]> {
    const created: { id: string }[] = await manager.query(
      `WITH upserted AS (
         INSERT INTO channels AS c (id, name, description, thumbnails, banners, subscriber_count, total_views, joined, last_refreshed_at)
         SELECT i.id, i.name, i.description, i.thumbnails::jsonb, i.banners::jsonb, i.subscriber_count, i.total_views, i.joined::timestamptz,
                CASE WHEN $9::boolean THEN now() END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])
           AS i(id, name, description, thumbnails, banners, subscriber_count, total_views, joined)
         ORDER BY i.id
         ON CONFLICT (id) DO UPDATE SET
           ${keepingStoredValues('c', ['name', 'description', 'thumbnails', 'banners', 'subscriber_count', 'total_views', 'joined', 'last_refreshed_at'])},
           missing_upstream = c.missing_upstream AND NOT $9::boolean
         -- xmax is 0 only on a freshly inserted row version.
         RETURNING c.id, c.name, (c.xmax = 0) AS created
       ), renamed AS (
         UPDATE videos v SET channel_name = u.name FROM upserted u
         WHERE v.channel_id = u.id AND v.channel_name IS DISTINCT FROM u.name
       )
       SELECT id FROM upserted WHERE created`,
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
    return created.map((row) => row.id);
  }
}
