import { Module } from '@nestjs/common';
import { CatalogModule } from '../media/catalog.module.js';
import { RefreshQueueModule } from '../refresh/refresh-queue.module.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { SubscriptionsController } from '../../invidious/subscriptions/subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Channel subscriptions (Invidious routes); SubscriptionsService is shared with TubeArchivist's `POST /api/channel/` and the imports. */
@Module({
  imports: [CatalogModule, UpstreamModule, RefreshQueueModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsRepository, SubscriptionsService],
  exports: [SubscriptionsRepository, SubscriptionsService],
})
export class SubscriptionsModule {}
