import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { APP_CONFIG, APP_RUNTIME, type AppRuntime } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { QUEUES } from './queues.js';

/** Longest time between two of Bull's checks for jobs left active by a worker that is gone. */
const STALL_CHECK_MAX_MS = 5000;

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
        // A job whose worker died (crash, SIGKILL) goes back to the queue once its lock has expired,
        // within two stall checks. The check runs at most every STALL_CHECK_MAX_MS whatever the lock:
        // a job taken but never locked (its worker died between the two steps) has no lock to wait
        // for, and a new worker's first check may be skipped because the previous one checked just
        // before it stopped; a check every lock period (30 s) left such a job waiting up to a minute.
        settings: {
          lockDuration: config.JOB_LOCK_SECONDS * 1000,
          lockRenewTime: (config.JOB_LOCK_SECONDS * 1000) / 2,
          stalledInterval: Math.min(config.JOB_LOCK_SECONDS * 1000, STALL_CHECK_MAX_MS),
        },
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [
    {
      // Enqueues and reads of a queue go through its command connection: they give up after
      // REDIS_COMMAND_TIMEOUT_MS (503) instead of waiting on a Redis that does not answer. Only that
      // connection: Bull's blocking one waits for jobs on purpose, and Bull creates its connections
      // itself (ioredis reads the option on every command).
      provide: 'QUEUE_COMMAND_TIMEOUTS',
      inject: [APP_CONFIG, ...Object.values(QUEUES).map((name) => getQueueToken(name))],
      useFactory: (config: AppConfig, ...queues: Queue[]) => {
        for (const queue of queues) queue.client.options.commandTimeout = config.REDIS_COMMAND_TIMEOUT_MS;
        return true;
      },
    },
  ],
  exports: [BullModule],
})
export class QueueModule {}
