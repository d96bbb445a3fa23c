import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
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

/** Provides `UPSTREAM_SOURCE`: the configured UpstreamSource, or null when there is none. */
@Module({
  providers: [{ provide: UPSTREAM_SOURCE, inject: [APP_CONFIG], useFactory: createUpstreamSource }],
  exports: [UPSTREAM_SOURCE],
})
export class UpstreamModule {}
