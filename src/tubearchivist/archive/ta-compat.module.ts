import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { RefreshQueueModule } from '../../catalog/refresh/refresh-queue.module.js';
import { SubscriptionsModule } from '../../catalog/subscriptions/subscriptions.module.js';
import { UpstreamModule } from '../../catalog/upstream/upstream.module.js';
import { ChannelResolver } from './channel-resolver.service.js';
import { TaArtController } from './ta-art.controller.js';
import { TaArtService } from './ta-art.service.js';
import { TaCatalogReader } from './ta-catalog-reader.service.js';
import { TaChannelController } from './ta-channel.controller.js';
import { TaDetailService } from './ta-detail.service.js';
import { TaDownloadController } from './ta-download.controller.js';
import { TaDownloadService } from './ta-download.service.js';
import { TaSubscriptionsService } from './ta-subscriptions.service.js';
import { TaVideoController } from './ta-video.controller.js';

/**
 * The TubeArchivist v0.4 routes real clients call beyond its documented API (docs/dialects/tubearchivist.md#detail-routes), and the
 * TA object shapes that search shares (TaCatalogReader).
 */
@Module({
  imports: [CatalogModule, SubscriptionsModule, RefreshQueueModule, UpstreamModule],
  controllers: [TaVideoController, TaChannelController, TaDownloadController, TaArtController],
  providers: [TaCatalogReader, TaDetailService, ChannelResolver, TaSubscriptionsService, TaDownloadService, TaArtService],
  exports: [TaCatalogReader],
})
export class TaCompatModule {}
