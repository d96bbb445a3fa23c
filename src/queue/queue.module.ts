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
        // A job whose worker died (crash, SIGKILL) goes back to the queue after one to two lock periods.
        settings: { lockDuration: config.JOB_LOCK_SECONDS * 1000, lockRenewTime: (config.JOB_LOCK_SECONDS * 1000) / 2, stalledInterval: config.JOB_LOCK_SECONDS * 1000 },
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueueModule {}
