import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError, UnavailableError, UpstreamFailedError } from '../../platform/errors/domain-errors.js';
import { CatalogService } from '../media/catalog.service.js';
import { CatalogWriter } from '../media/catalog-writer.service.js';
import { ChannelsRepository } from '../media/channels.repository.js';
import { isChannelId } from '../media/ids.js';
import { RefreshQueue } from '../refresh/refresh-queue.service.js';
import { FeedTimelineRepository } from '../timeline/feed-timeline.repository.js';
import { UPSTREAM_SOURCE, UpstreamError, type UpstreamSource } from '../upstream/upstream.js';
import { DeadlineExceededError, withDeadline } from './deadline.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
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
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    private readonly catalog: CatalogService,
    private readonly writer: CatalogWriter,
    private readonly refreshQueue: RefreshQueue,
    private readonly channels: ChannelsRepository,
    private readonly timeline: FeedTimelineRepository,
  ) {}

  async list(userId: number): Promise<Subscription[]> {
    return sortSubscriptions(await this.subscriptions.listWithNames(userId));
  }

  /** The subscribed channel ids, oldest subscription first (the export's order). */
  channelIds(userId: number, manager?: EntityManager): Promise<string[]> {
    return this.subscriptions.channelIds(userId, manager);
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
    await this.dataSource.transaction((manager) => this.removeAll(manager, userId, [channelId]));
  }

  /**
   * Bulk subscribe inside the caller's transaction (imports, TubeArchivist's `POST /api/channel/`):
   * valid ids only, no upstream call, duplicates and existing subscriptions skipped, the limit
   * enforced under concurrency (the user's row is locked). New subscriptions keep `channelIds`'
   * order in their creation times, and their channels' catalog videos enter the user's feed
   * timeline. Returns the ids newly subscribed; pass them to `queueRefresh` after the transaction
   * commits.
   */
  async addAll(manager: EntityManager, userId: number, channelIds: string[]): Promise<string[]> {
    const ids = distinct(channelIds);
    if (ids.length === 0) return [];
    // NO KEY UPDATE serialises concurrent subscribers of one user without blocking foreign-key checks on the row.
    await this.subscriptions.lockUser(manager, userId);
    const others = await this.subscriptions.countOthers(manager, userId, ids);
    if (others + ids.length > MAX_SUBSCRIPTIONS_PER_USER) throw new SubscriptionLimitError(subscriptionLimitMessage(others + ids.length));
    const added = await this.subscriptions.insertMissing(manager, userId, ids);
    await this.lockChannels(manager, added);
    await this.timeline.backFill(manager, userId, added);
    return added;
  }

  /** Inside the caller's transaction; idempotent. The channels' rows leave the feed timeline with the subscriptions (a cascade). */
  async removeAll(manager: EntityManager, userId: number, channelIds: string[]): Promise<void> {
    const ids = distinct(channelIds);
    if (ids.length === 0) return;
    await this.subscriptions.lockUser(manager, userId);
    await this.lockChannels(manager, ids);
    await this.subscriptions.deleteMany(manager, userId, ids);
  }

  /**
   * Waits for any catalog write to these channels' videos and keeps new ones out until commit
   * (docs/feed-query.md#races): the channel rows the catalog holds, and the stand-in lock of
   * the others, after which those are looked for again (one may have been created and
   * committed meanwhile, its later writers locking only its row).
   */
  private async lockChannels(manager: EntityManager, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    const held = new Set(await this.channels.lockForSubscribers(manager, channelIds));
    const absent = channelIds.filter((id) => !held.has(id));
    if (absent.length === 0) return;
    await this.timeline.lockAbsentChannels(manager, absent);
    await this.channels.lockForSubscribers(manager, absent);
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
