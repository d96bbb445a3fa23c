import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
import { requestOrigin } from '../playlists/request-origin.js';
import { localizeUrls } from './local-urls.js';

const LOCAL = new Set(['true', '1']);

/** The configured Invidious instances' origins, whose own URLs `local=true` proxies by path; null without one. */
export const upstreamOriginsOf = (config: AppConfig): readonly string[] | null =>
  upstreamKindOf(config) === 'invidious' ? config.UPSTREAM_URL!.map((url) => new URL(url).origin) : null;

/**
 * `local=true` on any `/api/v1/` JSON answer (docs/dialects/invidious.md#local-urls): every absolute
 * URL (thumbnails, author images, stream and manifest URLs) is rewritten to tubevault's proxies.
 */
@Injectable()
export class LocalUrlsInterceptor implements NestInterceptor {
  private readonly upstreamOrigins: readonly string[] | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.upstreamOrigins = upstreamOriginsOf(config);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const local = (request.query as Record<string, unknown> | undefined)?.local;
    if (!request.url.startsWith('/api/v1/') || typeof local !== 'string' || !LOCAL.has(local)) return next.handle();
    const origin = requestOrigin(this.config, request);
    return next.handle().pipe(map((body) => (body && typeof body === 'object' ? localizeUrls(body, origin, this.upstreamOrigins) : body)));
  }
}
