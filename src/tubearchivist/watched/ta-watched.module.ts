import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { WatchedModule } from '../../catalog/watched/watched.module.js';
import { TaWatchedController } from './ta-watched.controller.js';
import { TaWatchedService } from './ta-watched.service.js';

/** TubeArchivist's `POST /api/watched/` over the watched state the Invidious history shares (WatchedModule). */
@Module({
  imports: [CatalogModule, WatchedModule],
  controllers: [TaWatchedController],
  providers: [TaWatchedService],
})
export class TaWatchedModule {}
