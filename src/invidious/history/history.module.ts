import { Module } from '@nestjs/common';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { HistoryController } from './history.controller.js';
import { HistoryService } from './history.service.js';
import { WatchedRepository } from '../../catalog/watched/watched.repository.js';
import { WatchedService } from '../../catalog/watched/watched.service.js';

/** Invidious watch history; WatchedService is the watched state TubeArchivist's `POST /api/watched/` and the imports reuse. */
@Module({
  imports: [PreferencesModule],
  controllers: [HistoryController],
  providers: [HistoryService, WatchedRepository, WatchedService],
  exports: [WatchedRepository, WatchedService],
})
export class HistoryModule {}
