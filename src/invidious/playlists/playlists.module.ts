import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { PLAYLIST_TRANSFER } from '../import-export/playlist-transfer.js';
import { UpstreamModule } from '../../catalog/upstream/upstream.module.js';
import { PlaylistsController } from './playlists.controller.js';
import { PlaylistsRepository } from './playlists.repository.js';
import { PlaylistsService } from './playlists.service.js';
import { PublicPlaylistsController } from './public-playlists.controller.js';

/**
 * Users' Invidious playlists under /api/v1/auth/playlists and the public /api/v1/playlists/:id.
 * Provides PLAYLIST_TRANSFER, the playlists' part of Invidious's export and import.
 */
@Module({
  imports: [CatalogModule, UpstreamModule],
  controllers: [PlaylistsController, PublicPlaylistsController],
  providers: [PlaylistsRepository, PlaylistsService, { provide: PLAYLIST_TRANSFER, useExisting: PlaylistsService }],
  exports: [PLAYLIST_TRANSFER],
})
export class PlaylistsModule {}
