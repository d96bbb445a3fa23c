import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
import { redactUrl } from '../../platform/runtime.js';
import { InvidiousUpstream } from './invidious-upstream.js';
import { UpstreamInstancesModule } from './upstream-instances.module.js';
import { UpstreamInstances } from './upstream-instances.service.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from './upstream.js';
import { YoutubeRssUpstream } from './youtube-rss-upstream.js';

export function createUpstreamSource(config: AppConfig, instances: UpstreamInstances): UpstreamSource | null {
  switch (upstreamKindOf(config)) {
    case 'invidious':
      return new InvidiousUpstream(instances.pool!);
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
      return config.UPSTREAM_URL!.length === 1
        ? `upstream: Invidious instance at ${redactUrl(config.UPSTREAM_URL![0])}`
        : `upstream: ${config.UPSTREAM_URL!.length} Invidious instances at ${config.UPSTREAM_URL!.map(redactUrl).join(', ')}`;
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
  imports: [UpstreamInstancesModule],
  providers: [{ provide: UPSTREAM_SOURCE, inject: [APP_CONFIG, UpstreamInstances], useFactory: createUpstreamSource }],
  exports: [UPSTREAM_SOURCE],
})
export class UpstreamModule {}
