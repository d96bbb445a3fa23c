import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { CatalogService, type VideoWithChannel } from '../media/catalog.service.js';
import { CatalogWriter } from '../media/catalog-writer.service.js';
import type { ChannelEntity } from '../media/channel.entity.js';
import { RefreshQueue } from '../refresh/refresh-queue.service.js';
import { DeadlineExceededError, withDeadline } from '../subscriptions/deadline.js';
import { SingleFlight } from '../upstream/single-flight.js';
import { UpstreamGateway } from '../upstream/upstream-gateway.service.js';
import { UPSTREAM_SOURCE, UpstreamError, UpstreamUnsupportedError, type UpstreamSource } from '../upstream/upstream.js';
import { failureOf, UpstreamReadError, type ReadOutcome } from './upstream-read-error.js';

/**
 * Catalog reads that fall through to the upstream: a video or channel the catalog lacks is fetched
 * (within UPSTREAM_TIMEOUT_MS), stored through the CatalogWriter (so a subscription right after
 * finds it and the feed fills) and read back from the catalog. Concurrent first reads of one id,
 * in any process sharing the Redis, make one upstream request (SingleFlight).
 */
@Injectable()
export class CatalogReadThrough {
  private readonly logger = new Logger('CatalogReadThrough');
  private readonly flights: SingleFlight;

  constructor(
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogService,
    private readonly writer: CatalogWriter,
    private readonly gateway: UpstreamGateway,
    private readonly refreshQueue: RefreshQueue,
    redis: RedisService,
  ) {
    this.flights = new SingleFlight(redis.commands, (...parts) => redis.key('read-through', ...parts));
  }

  /** The base URL of the configured upstream, for messages. */
  get upstreamName(): string | null {
    if (!this.upstream) return null;
    return this.upstream.kind === 'youtube-rss' ? this.config.YOUTUBE_URL : (this.config.UPSTREAM_URL?.join(', ') ?? null);
  }

  async video(id: string): Promise<VideoWithChannel> {
    const stored = await this.catalog.findVideo(id);
    if (stored) return stored;
    const refreshed = await this.refreshOf('video', id, () => this.catalog.findVideo(id));
    if (refreshed) return refreshed;
    await this.fetch(`video:${id}`, async (upstream) => {
      const lookup = await upstream.getVideo(id);
      if (!lookup.found) return false;
      await this.writer.saveVideos([lookup.value]);
      return true;
    });
    const fetched = await this.catalog.findVideo(id);
    if (!fetched) throw new UpstreamReadError('unavailable', `Upstream error: video ${id} was fetched but could not be stored`);
    return fetched;
  }

  /** The channel, and (when it was new) its newest page of uploads stored with it. */
  async channel(ucid: string): Promise<ChannelEntity> {
    const stored = await this.catalog.findChannel(ucid);
    // A stub (a channel known only from its videos) is completed from the upstream when it can be.
    if (stored && (stored.lastRefreshedAt !== null || stored.missingUpstream || !this.upstream)) return stored;
    const refreshed = await this.refreshOf('channel', ucid, async () => {
      const channel = await this.catalog.findChannel(ucid);
      return channel?.lastRefreshedAt ? channel : null;
    });
    if (refreshed) return refreshed;
    const fetching = this.fetch(`channel:${ucid}`, async (upstream) => {
      const lookup = await upstream.getChannel(ucid);
      if (!lookup.found) return false;
      await this.writer.saveChannel(lookup.value);
      try {
        for await (const page of upstream.listChannelVideos(ucid, { all: false })) await this.writer.saveVideos(page.videos);
      } catch (error) {
        // The channel itself is stored; its uploads follow with the next refresh.
        if (!(error instanceof UpstreamError)) throw error;
        this.logger.warn(`channel ${ucid} stored without its uploads: ${error.message}`);
      }
      return true;
    });
    if (stored) await fetching.catch(() => undefined);
    else await fetching;
    const fetched = await this.catalog.findChannel(ucid);
    if (!fetched) throw new UpstreamReadError('unavailable', `Upstream error: channel ${ucid} was fetched but could not be stored`);
    return fetched;
  }

  /**
   * When a refresh of the item is already queued or running (a subscription, `/api/refresh/`), its
   * result is awaited for up to half of UPSTREAM_TIMEOUT_MS rather than asking the upstream twice;
   * null when there is none or it did not finish in time (then the caller reads through itself).
   */
  private async refreshOf<T>(kind: 'video' | 'channel', id: string, probe: () => Promise<T | null>): Promise<T | null> {
    if (!this.upstream) return null;
    try {
      if (!(await this.refreshQueue.isPending(kind, id))) return null;
    } catch {
      return null;
    }
    const deadline = Date.now() + this.config.UPSTREAM_TIMEOUT_MS / 2;
    while (Date.now() < deadline) {
      await sleep(50);
      const found = await probe();
      if (found) return found;
    }
    return null;
  }

  /** Runs `work` once across instances; `false` from it means the upstream does not know the item. */
  private async fetch(key: string, work: (upstream: UpstreamSource) => Promise<boolean>): Promise<void> {
    const upstream = this.upstream;
    if (!upstream) throw new UpstreamReadError('no-upstream', 'No upstream is configured (set UPSTREAM_URL or UPSTREAM=youtube-rss)');
    // While an Invidious upstream rate limits tubevault (its 429, seen by any instance), it is not asked.
    const waitSeconds = upstream.kind === 'invidious' ? await this.gateway.rateLimitedFor() : 0;
    if (waitSeconds > 0) throw new UpstreamReadError('rate-limited', this.gateway.rateLimitMessage(waitSeconds), waitSeconds);
    const timeoutMs = this.config.UPSTREAM_TIMEOUT_MS;
    const outcome = await this.flights.run<ReadOutcome>(key, timeoutMs + 1000, async () => {
      try {
        return (await withDeadline(work(upstream), timeoutMs)) ? { ok: true } : { ok: false, reason: 'not-found', message: 'not found upstream' };
      } catch (error) {
        if (error instanceof DeadlineExceededError) {
          return { ok: false, reason: 'timeout', message: `Upstream timeout: ${this.upstreamName} did not answer within ${timeoutMs / 1000} s` };
        }
        if (error instanceof UpstreamUnsupportedError) return { ok: false, reason: 'unsupported', message: error.message };
        if (error instanceof UpstreamError) return { ok: false, reason: 'unavailable', message: `Upstream error: ${error.message}` };
        throw error;
      }
    });
    if (!outcome.ok) throw failureOf(outcome);
  }
}
