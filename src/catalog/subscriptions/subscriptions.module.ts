import { Module } from '@nestjs/common';
import { CatalogModule } from '../media/catalog.module.js';
import { RefreshQueueModule } from '../refresh/refresh-queue.module.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * Channel subscriptions: SubscriptionsService, shared by the Invidious routes (`InvidiousSubscriptionsModule`),
 * TubeArchivist's `POST /api/channel/` and the imports.
 */
@Module({
  imports: [CatalogModule, UpstreamModule, RefreshQueueModule],
  providers: [SubscriptionsRepository, SubscriptionsService],
  exports: [SubscriptionsRepository, SubscriptionsService],
})
export class SubscriptionsModule {}
