import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogService } from './catalog.service.js';
import { CatalogWriter } from './catalog-writer.service.js';
import { ChannelEntity } from './channel.entity.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from './upstream-playlist.entity.js';
import { VideoEntity } from './video.entity.js';

/** Channels, videos and upstream playlists behind both dialects (the Invidious reads are `InvidiousCatalogModule`). */
@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity, VideoEntity, UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity])],
  providers: [CatalogService, CatalogWriter],
  exports: [CatalogService, CatalogWriter],
})
export class CatalogModule {}
