import { Module } from '@nestjs/common';
import { HistoryModule } from '../../invidious/history/history.module.js';
import { TaWatchedController } from './ta-watched.controller.js';
import { TaWatchedService } from './ta-watched.service.js';

/** TubeArchivist's `POST /api/watched/` over the watched state the Invidious history shares. */
@Module({
  imports: [HistoryModule],
  controllers: [TaWatchedController],
  providers: [TaWatchedService],
})
export class TaWatchedModule {}
