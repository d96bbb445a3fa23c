import { Module, type DynamicModule } from '@nestjs/common';
import { CatalogModule } from '../media/catalog.module.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { CatalogRefresher } from './catalog-refresher.service.js';
import { RefreshQueueModule } from './refresh-queue.module.js';
import { RefreshController } from '../../tubearchivist/refresh/refresh.controller.js';
import { RefreshProcessor } from './refresh.processor.js';
import { RefreshService } from '../../tubearchivist/refresh/refresh.service.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { SubscriptionRefreshScheduler } from './subscription-refresh.scheduler.js';

export interface RefreshModuleOptions {
  /** Run refresh jobs and schedule the subscription refresh in this process (ROLE worker or all). */
  processJobs: boolean;
}

/** The refresh queue: `/api/refresh/` enqueues; processes that `processJobs` run the jobs. */
@Module({})
export class RefreshModule {
  static register({ processJobs }: RefreshModuleOptions): DynamicModule {
    return {
      module: RefreshModule,
      imports: [CatalogModule, UpstreamModule, RefreshQueueModule, SubscriptionsModule],
      controllers: [RefreshController],
      providers: [RefreshService, ...(processJobs ? [CatalogRefresher, RefreshProcessor, SubscriptionRefreshScheduler] : [])],
    };
  }
}
