import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { HistoryModule } from '../../invidious/history/history.module.js';
import { TaWatchedController } from './ta-watched.controller.js';
import { TaWatchedService } from './ta-watched.service.js';

/** TubeArchivist's `POST /api/watched/` over the watched state the Invidious history shares. */
@Module({
  imports: [CatalogModule, HistoryModule],
  controllers: [TaWatchedController],
  providers: [TaWatchedService],
})
export class TaWatchedModule {}
