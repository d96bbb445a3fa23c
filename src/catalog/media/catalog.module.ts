import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from '../../invidious/catalog/catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { CatalogWriter } from './catalog-writer.service.js';
import { ChannelEntity } from './channel.entity.js';
import { PublicCatalogService } from '../../invidious/catalog/public-catalog.service.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from './upstream-playlist.entity.js';
import { VideoEntity } from './video.entity.js';
import { CatalogReadThrough } from '../read-through/catalog-read-through.service.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { UpstreamGatewayModule } from '../upstream/upstream-gateway.module.js';
import { RefreshQueueModule } from '../refresh/refresh-queue.module.js';

/** Channels, videos and upstream playlists behind both dialects, and the public Invidious reads of them. */
@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity, VideoEntity, UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity]), UpstreamModule, UpstreamGatewayModule, RefreshQueueModule],
  controllers: [CatalogController],
  providers: [CatalogService, CatalogWriter, CatalogReadThrough, PublicCatalogService],
  exports: [CatalogService, CatalogWriter, CatalogReadThrough],
})
export class CatalogModule {}
