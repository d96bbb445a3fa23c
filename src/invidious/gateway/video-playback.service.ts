import { Inject, Injectable, Logger } from '@nestjs/common';
import { UpstreamReadError } from '../../catalog/read-through/upstream-read-error.js';
import { UpstreamGateway } from '../../catalog/upstream/upstream-gateway.service.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { isRedisUnavailable } from '../../platform/errors/unavailable.js';
import { pinToUpstream } from './local-urls.js';
import { PASS_THROUGH_ROUTES } from './pass-through.service.js';
import { NO_PLAYBACK, playbackOf, type Playback } from './playback.js';

/**
 * The playback fields of a video (docs/dialects/invidious.md#playback), computed one way for
 * `GET /api/v1/videos/:id` and the notification events, so both carry the same streams.
 */
@Injectable()
export class VideoPlayback {
  private readonly logger = new Logger('VideoPlayback');

  constructor(
    private readonly gateway: UpstreamGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The streams of an Invidious upstream's answer for the video (cached briefly, through the shared
   * gateway). Best effort: the upstream's failure gives empty lists; `origin` is tubevault's, for the
   * manifest URL; `local` asks for local stream URLs.
   */
  async of(id: string, origin: string, local: boolean): Promise<Playback> {
    if (!this.gateway.invidiousUrl) return NO_PLAYBACK;
    try {
      const answer = await this.gateway.get(PASS_THROUGH_ROUTES.video.name, `/api/v1/videos/${id}`, PASS_THROUGH_ROUTES.video.ttlSeconds);
      const playback = playbackOf(JSON.parse(answer.body), id, origin);
      if (local && playback.dashUrl) playback.dashUrl += '?local=true';
      // Stream URLs are signed for the instance that asked YouTube: made local, they must go back to it.
      if (local && answer.instance !== undefined && this.gateway.pool.instances.length > 1) {
        for (const stream of [...playback.adaptiveFormats, ...playback.formatStreams]) {
          if (typeof stream.url === 'string' && /^https?:\/\//.test(stream.url)) stream.url = pinToUpstream(stream.url, answer.instance);
        }
      }
      return playback;
    } catch (error) {
      // The streams are extras: Redis away (the gateway's cache and locks live there) costs them, not the answer.
      if (isRedisUnavailable(error)) {
        this.logger.warn(`video ${id} answered without streams: Redis is unavailable (${(error as Error).message})`);
        return NO_PLAYBACK;
      }
      if (!(error instanceof UpstreamReadError)) throw error;
      if (error.reason !== 'not-found') this.logger.warn(`video ${id} answered without streams: ${error.message}`);
      return NO_PLAYBACK;
    }
  }

  /**
   * As `of`, for a caller that must not wait on the upstream or fail with it (an event goes to many
   * streams): any failure, or no answer within the upstream timeout, gives empty lists.
   */
  async bounded(id: string, origin: string, local: boolean): Promise<Playback> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Playback>((resolve) => {
      timer = setTimeout(() => {
        this.logger.warn(`video ${id}: no streams within ${this.config.UPSTREAM_TIMEOUT_MS} ms, sent without them`);
        resolve(NO_PLAYBACK);
      }, this.config.UPSTREAM_TIMEOUT_MS);
    });
    const read = this.of(id, origin, local).catch((error: Error) => {
      this.logger.warn(`video ${id} sent without streams: ${error.message}`);
      return NO_PLAYBACK;
    });
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
