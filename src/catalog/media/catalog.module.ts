import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from '../../invidious/catalog/catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { CatalogWriter } from './catalog-writer.service.js';
import { ChannelEntity } from './channel.entity.js';
import { ChannelsRepository } from './channels.repository.js';
import { PublicCatalogService } from '../../invidious/catalog/public-catalog.service.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from './upstream-playlist.entity.js';
import { UpstreamPlaylistsRepository } from './upstream-playlists.repository.js';
import { VideoEntity } from './video.entity.js';
import { VideosRepository } from './videos.repository.js';

/** Channels, videos and upstream playlists behind both dialects, and the public Invidious reads of them. */
@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity, VideoEntity, UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity])],
  controllers: [CatalogController],
  providers: [ChannelsRepository, VideosRepository, UpstreamPlaylistsRepository, CatalogService, CatalogWriter, PublicCatalogService],
  exports: [ChannelsRepository, VideosRepository, UpstreamPlaylistsRepository, CatalogService, CatalogWriter],
})
export class CatalogModule {}
