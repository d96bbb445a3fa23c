import { Module } from '@nestjs/common';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { HistoryController } from './history.controller.js';
import { HistoryService } from './history.service.js';
import { WatchedService } from '../../catalog/watched/watched.service.js';

/** Invidious watch history; WatchedService is the watched state TubeArchivist's `POST /api/watched/` and the imports reuse. */
@Module({
  imports: [PreferencesModule],
  controllers: [HistoryController],
  providers: [HistoryService, WatchedService],
  exports: [WatchedService],
})
export class HistoryModule {}
