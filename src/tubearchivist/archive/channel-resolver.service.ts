import { Inject, Injectable, Logger } from '@nestjs/common';
import { isChannelId } from '../../catalog/media/ids.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { UnavailableError } from '../../platform/errors/domain-errors.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { UpstreamHttp } from '../../catalog/upstream/upstream-http.js';
import { UpstreamInstances } from '../../catalog/upstream/upstream-instances.service.js';
import { UpstreamError, UpstreamRejectedError } from '../../catalog/upstream/upstream.js';

const CACHE_SECONDS = 24 * 3600;
const NO_RESOLVER = 'resolving @handles and channel names needs an Invidious upstream: set UPSTREAM_URL';
const RESOLVER_DOWN = 'the upstream could not resolve the channel name; try again later';

/**
 * Turns a handle or custom channel URL into a channel id with Invidious's
 * `GET /api/v1/resolveurl?url=…` on UPSTREAM_URL (the UpstreamSource interface has no such lookup).
 * Answers are cached in Redis for 24 h, so every instance shares them; "unknown" is not cached.
 */
@Injectable()
export class ChannelResolver {
  private readonly logger = new Logger('ChannelResolver');
  /** A client waits on this, so one retry at most and a shorter timeout than refresh jobs use. */
  private readonly http: UpstreamHttp | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisService,
    instances: UpstreamInstances,
  ) {
    const upstream = instances.pool ?? config.UPSTREAM_URL?.[0];
    this.http = upstream ? new UpstreamHttp(upstream, { attempts: 2, timeoutMs: 8000, backoffMs: 250 }) : null;
  }

  /** The channel id `url` names, or null when the upstream does not know it; 503 when it cannot be asked. */
  async resolve(url: string): Promise<string | null> {
    if (!this.http) throw new UnavailableError(NO_RESOLVER);
    const cacheKey = this.redis.key('ta', 'channel-url', url.toLowerCase());
    const cached = await this.redis.commands.get(cacheKey);
    if (cached) return cached;
    const ucid = await this.ask(this.http, url);
    if (ucid) await this.redis.commands.set(cacheKey, ucid, 'EX', CACHE_SECONDS);
    return ucid;
  }

  private async ask(http: UpstreamHttp, url: string): Promise<string | null> {
    try {
      const answer = await http.getText(`/api/v1/resolveurl?url=${encodeURIComponent(url)}`, 'application/json');
      if (!answer.found) return null;
      const ucid = (JSON.parse(answer.value) as { ucid?: unknown } | null)?.ucid;
      return isChannelId(ucid) ? ucid : null;
    } catch (error) {
      // Invidious answers 400 "Unknown url" for names YouTube does not know.
      if (error instanceof UpstreamRejectedError) return null;
      if (error instanceof UpstreamError || error instanceof SyntaxError) {
        this.logger.warn(`resolving ${url} failed: ${error.message}`);
        throw new UnavailableError(RESOLVER_DOWN);
      }
      throw error;
    }
  }
}
