import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { QUEUES } from '../../platform/queue/queues.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from '../upstream/upstream.js';
import { SUBSCRIBED_CHANNELS_JOB } from './refresh-jobs.js';

/**
 * Schedules the refresh of subscribed channels every SUBSCRIPTION_REFRESH_MINUTES. Bull keys a
 * repeatable job by name, id and interval, and the id of each run by its time: every worker may
 * register it, it still runs once per interval.
 */
@Injectable()
export class SubscriptionRefreshScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('SubscriptionRefresh');

  constructor(
    @InjectQueue(QUEUES.refresh) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = Math.round(this.config.SUBSCRIPTION_REFRESH_MINUTES * 60_000);
    // Schedules of an earlier configuration (another interval, or an upstream since removed) go.
    for (const repeatable of await this.queue.getRepeatableJobs()) {
      if (repeatable.name === SUBSCRIBED_CHANNELS_JOB && (!this.upstream || repeatable.every !== every)) {
        await this.queue.removeRepeatableByKey(repeatable.key);
      }
    }
    if (!this.upstream) {
      this.logger.log('no upstream configured: subscribed channels are not refreshed');
      return;
    }
    await this.queue.add(SUBSCRIBED_CHANNELS_JOB, {}, { repeat: { every }, jobId: SUBSCRIBED_CHANNELS_JOB, removeOnComplete: 10, removeOnFail: 100 });
  }
}
