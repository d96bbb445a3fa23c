import { Module } from '@nestjs/common';
import { PlaylistsModule } from '../playlists/playlists.module.js';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { SubscriptionsModule } from '../../catalog/subscriptions/subscriptions.module.js';
import { WatchedModule } from '../../catalog/watched/watched.module.js';
import { ImportExportController } from './import-export.controller.js';
import { ImportExportService } from './import-export.service.js';

/** Invidious's export/import and subscription files; playlists take part through PLAYLIST_TRANSFER. */
@Module({
  imports: [SubscriptionsModule, WatchedModule, PreferencesModule, PlaylistsModule],
  controllers: [ImportExportController],
  providers: [ImportExportService],
  exports: [ImportExportService],
})
export class ImportExportModule {}
