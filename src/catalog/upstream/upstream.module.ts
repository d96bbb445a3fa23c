import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
import { redactUrl } from '../../platform/runtime.js';
import { InvidiousUpstream } from './invidious-upstream.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from './upstream.js';
import { YoutubeRssUpstream } from './youtube-rss-upstream.js';

export function createUpstreamSource(config: AppConfig): UpstreamSource | null {
  switch (upstreamKindOf(config)) {
    case 'invidious':
      return new InvidiousUpstream(config.UPSTREAM_URL!);
    case 'youtube-rss':
      return new YoutubeRssUpstream(config.YOUTUBE_URL);
    default:
      return null;
  }
}

/** The start-up line saying which upstream refreshes the catalog, and how to choose another. */
export function describeUpstream(config: AppConfig): string {
  switch (upstreamKindOf(config)) {
    case 'invidious':
      return `upstream: Invidious instance at ${redactUrl(config.UPSTREAM_URL!)}`;
    case 'youtube-rss':
      return (
        `upstream: YouTube channel feeds at ${redactUrl(config.YOUTUBE_URL)}` +
        `${config.UPSTREAM ? '' : ' (the default; set UPSTREAM_URL to use an Invidious instance, UPSTREAM=none to turn refreshes off)'}`
      );
    default:
      return 'upstream: none (UPSTREAM=none): channels and videos are not refreshed';
  }
}

/** Provides `UPSTREAM_SOURCE`: the configured UpstreamSource, or null when there is none. */
@Module({
  providers: [{ provide: UPSTREAM_SOURCE, inject: [APP_CONFIG], useFactory: createUpstreamSource }],
  exports: [UPSTREAM_SOURCE],
})
export class UpstreamModule {}
