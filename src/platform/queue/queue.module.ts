import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, APP_RUNTIME, type AppRuntime } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { QUEUES } from './queues.js';

/** The one place where Bull and its queues are registered, on the configured Redis and key prefix. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG, APP_RUNTIME],
      useFactory: (config: AppConfig, runtime: AppRuntime) => ({
        url: runtime.redisUrl,
        prefix: `${config.REDIS_PREFIX}:bull`,
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
        // While Redis is down an enqueue fails at once (the API answers 503) instead of waiting in the
        // offline queue, and every connection retries each 0.2-1 s, so queues work again within a
        // second of Redis returning (Bull's own default backs off exponentially, up to 20 s).
        redis: { maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(times * 200, 1000) },
        // A job whose worker died (crash, SIGKILL) goes back to the queue after one to two lock periods.
        settings: {
          lockDuration: config.JOB_LOCK_SECONDS * 1000,
          lockRenewTime: (config.JOB_LOCK_SECONDS * 1000) / 2,
          stalledInterval: config.JOB_LOCK_SECONDS * 1000,
        },
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueueModule {}
