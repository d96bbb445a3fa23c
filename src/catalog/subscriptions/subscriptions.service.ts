import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError, UnavailableError, UpstreamFailedError } from '../../platform/errors/domain-errors.js';
import { CatalogService } from '../media/catalog.service.js';
import { CatalogWriter } from '../media/catalog-writer.service.js';
import { isChannelId } from '../media/ids.js';
import { RefreshQueue } from '../refresh/refresh-queue.service.js';
import { UPSTREAM_SOURCE, UpstreamError, type UpstreamSource } from '../upstream/upstream.js';
import { DeadlineExceededError, withDeadline } from './deadline.js';
import { distinct, MAX_SUBSCRIPTIONS_PER_USER, sortSubscriptions, subscriptionLimitMessage, type Subscription } from './subscription-list.js';

/** docs/dialects/invidious.md#subscriptions: how long a subscribe waits for the upstream to describe a channel new to the catalog. */
export const CHANNEL_FETCH_TIMEOUT_MS = 10_000;

/** The per-user subscription limit refused the change; the message suits both dialects. */
export class SubscriptionLimitError extends InvalidInputError {}

/**
 * The caller's channel subscriptions, in the `subscriptions` table both dialects share (it also
 * drives the periodic refresh of subscribed channels).
 */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    private readonly catalog: CatalogService,
    private readonly writer: CatalogWriter,
    private readonly refreshQueue: RefreshQueue,
  ) {}

  async list(userId: number): Promise<Subscription[]> {
    const rows: Subscription[] = await this.dataSource.query(
      `SELECT COALESCE(c.name, '') AS author, s.channel_id AS "authorId"
       FROM subscriptions s LEFT JOIN channels c ON c.id = s.channel_id
       WHERE s.user_id = $1`,
      [userId],
    );
    return sortSubscriptions(rows);
  }

  /** The subscribed channel ids, oldest subscription first (the export's order). */
  async channelIds(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { channel_id: string }[] = await manager.query(
      'SELECT channel_id FROM subscriptions WHERE user_id = $1 ORDER BY created_at, channel_id',
      [userId],
    );
    return rows.map((row) => row.channel_id);
  }

  /**
   * Invidious's subscribe: idempotent. A channel the catalog lacks is fetched from the upstream
   * now (it must exist) and stored; a new subscription queues a refresh of the channel, so its
   * videos arrive. Checks in the documented order: id format, existence, limit.
   */
  async subscribe(userId: number, channelId: string): Promise<void> {
    if (!isChannelId(channelId)) throw new InvalidInputError('Invalid channel id');
    if (!(await this.catalog.findChannel(channelId))) await this.fetchChannel(channelId);
    const added = await this.dataSource.transaction((manager) => this.addAll(manager, userId, [channelId]));
    await this.queueRefresh(added);
  }

  /** Idempotent; the channel's entries leave the caller's notification list too. */
  async unsubscribe(userId: number, channelId: string): Promise<void> {
    if (!isChannelId(channelId)) throw new InvalidInputError('Invalid channel id');
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM subscriptions WHERE user_id = $1 AND channel_id = $2', [userId, channelId]);
      await manager.query(
        `DELETE FROM feed_notifications n USING videos v
         WHERE n.user_id = $1 AND v.id = n.video_id AND v.channel_id = $2`,
        [userId, channelId],
      );
    });
  }

  /**
   * Bulk subscribe inside the caller's transaction (imports, TubeArchivist's `POST /api/channel/`):
   * valid ids only, no upstream call, duplicates and existing subscriptions skipped, the limit
   * enforced under concurrency (the user's row is locked). New subscriptions keep `channelIds`'
   * order in their creation times. Returns the ids newly subscribed; pass them to `queueRefresh`
   * after the transaction commits.
   */
  async addAll(manager: EntityManager, userId: number, channelIds: string[]): Promise<string[]> {
    const ids = distinct(channelIds);
    if (ids.length === 0) return [];
    // NO KEY UPDATE serialises concurrent subscribers of one user without blocking foreign-key checks on the row.
    await manager.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
    const [{ others }]: { others: number }[] = await manager.query(
      'SELECT count(*)::integer AS others FROM subscriptions WHERE user_id = $1 AND NOT channel_id = ANY($2::text[])',
      [userId, ids],
    );
    if (others + ids.length > MAX_SUBSCRIPTIONS_PER_USER) throw new SubscriptionLimitError(subscriptionLimitMessage(others + ids.length));
    const added: { channel_id: string }[] = await manager.query(
      `INSERT INTO subscriptions (user_id, channel_id, created_at)
       SELECT $1, i.channel_id, now() - (cardinality($2::text[]) - i.position) * interval '1 microsecond'
       FROM unnest($2::text[]) WITH ORDINALITY AS i(channel_id, position)
       ON CONFLICT DO NOTHING
       RETURNING channel_id`,
      [userId, ids],
    );
    return added.map((row) => row.channel_id);
  }

  /** Inside the caller's transaction; idempotent. */
  async removeAll(manager: EntityManager, userId: number, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await manager.query('DELETE FROM subscriptions WHERE user_id = $1 AND channel_id = ANY($2::text[])', [userId, channelIds]);
    await manager.query(
      `DELETE FROM feed_notifications n USING videos v
       WHERE n.user_id = $1 AND v.id = n.video_id AND v.channel_id = ANY($2::text[])`,
      [userId, channelIds],
    );
  }

  /**
   * Queues a refresh of each channel (newest page of videos), when an upstream is configured.
   * Run after commit; a failure is logged, not thrown: the subscriptions are stored, and the
   * periodic refresh of subscribed channels picks them up.
   */
  async queueRefresh(channelIds: string[]): Promise<void> {
    if (!this.upstream || channelIds.length === 0) return;
    try {
      await this.refreshQueue.enqueue(channelIds.map((id) => ({ kind: 'channel' as const, id, extractVideos: false })));
    } catch (error) {
      this.logger.warn(`could not queue the refresh of ${channelIds.length} subscribed channel(s): ${(error as Error).message}`);
    }
  }

  /** The channel from the upstream into the catalog, or the reason it cannot be. */
  private async fetchChannel(channelId: string): Promise<void> {
    const upstream = this.upstream;
    if (!upstream) throw new UnavailableError(`Channel ${channelId} is not in the catalog and no upstream is configured (set UPSTREAM_URL)`);
    let lookup;
    try {
      lookup = await withDeadline(upstream.getChannel(channelId), CHANNEL_FETCH_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof UpstreamError || error instanceof DeadlineExceededError) throw new UpstreamFailedError(`Upstream error: ${error.message}`);
      throw error;
    }
    if (!lookup.found) throw new NotFoundError('Deleted or invalid channel');
    await this.writer.saveChannel(lookup.value);
  }
}
