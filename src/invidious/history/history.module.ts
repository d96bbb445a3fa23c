import { Module } from '@nestjs/common';
import { WatchedModule } from '../../catalog/watched/watched.module.js';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { HistoryController } from './history.controller.js';
import { HistoryService } from './history.service.js';

/** Invidious watch history over the shared watched state (WatchedModule), gated by the `watch_history` preference. */
@Module({
  imports: [WatchedModule, PreferencesModule],
  controllers: [HistoryController],
  providers: [HistoryService],
})
export class HistoryModule {}
