import { Module, type DynamicModule } from '@nestjs/common';
import { CatalogModule } from '../media/catalog.module.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { CatalogRefresher } from './catalog-refresher.service.js';
import { RefreshQueueModule } from './refresh-queue.module.js';
import { RefreshProcessor } from './refresh.processor.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { SubscriptionRefreshScheduler } from './subscription-refresh.scheduler.js';

export interface RefreshModuleOptions {
  /** Run refresh jobs and schedule the subscription refresh in this process (ROLE worker or all). */
  processJobs: boolean;
}

/**
 * The refresh worker: processes that `processJobs` run the refresh jobs and schedule the subscription
 * refresh. Enqueueing (TubeArchivist's `/api/refresh/`, subscriptions, imports) goes through RefreshQueueModule.
 */
@Module({})
export class RefreshModule {
  static register({ processJobs }: RefreshModuleOptions): DynamicModule {
    return {
      module: RefreshModule,
      imports: [CatalogModule, UpstreamModule, RefreshQueueModule, SubscriptionsModule],
      providers: processJobs ? [CatalogRefresher, RefreshProcessor, SubscriptionRefreshScheduler] : [],
    };
  }
}
