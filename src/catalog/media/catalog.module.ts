import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogService } from './catalog.service.js';
import { CatalogWriter } from './catalog-writer.service.js';
import { ChannelEntity } from './channel.entity.js';
import { ChannelsRepository } from './channels.repository.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from './upstream-playlist.entity.js';
import { UpstreamPlaylistsRepository } from './upstream-playlists.repository.js';
import { VideoEntity } from './video.entity.js';
import { VideosRepository } from './videos.repository.js';
import { CatalogReadThrough } from '../read-through/catalog-read-through.service.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { UpstreamGatewayModule } from '../upstream/upstream-gateway.module.js';
import { RefreshQueueModule } from '../refresh/refresh-queue.module.js';
import { FeedTimelineRepository } from '../timeline/feed-timeline.repository.js';

/** Channels, videos and upstream playlists behind both dialects (the Invidious reads are `InvidiousCatalogModule`). */
@Module({
  imports: [
    TypeOrmModule.forFeature([ChannelEntity, VideoEntity, UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity]),
    UpstreamModule,
    UpstreamGatewayModule,
    RefreshQueueModule,
  ],
  providers: [ChannelsRepository, VideosRepository, UpstreamPlaylistsRepository, FeedTimelineRepository, CatalogService, CatalogWriter, CatalogReadThrough],
  exports: [ChannelsRepository, VideosRepository, UpstreamPlaylistsRepository, FeedTimelineRepository, CatalogService, CatalogWriter, CatalogReadThrough],
})
export class CatalogModule {}
