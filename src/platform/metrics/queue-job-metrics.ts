import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { QUEUES } from '../queue/queues.js';
import { MetricsService, type JobOutcome } from './metrics.service.js';

/**
 * Feeds the job counters from Bull's global events, which every process sharing the Redis receives
 * whichever worker ran the job: so processes that serve /metrics report every worker's jobs (and
 * replicas report the same figures; aggregate them with `max`, not `sum`). A ROLE=worker process
 * serves no /metrics, so it does not listen.
 */
@Injectable()
export class QueueJobMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('QueueJobMetrics');
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.ROLE === 'worker') return;
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const onCompleted = (jobId: string) => void this.observe(queue, name, jobId, 'completed');
      const onFailed = (jobId: string) => void this.observe(queue, name, jobId, 'failed');
      queue.on('global:completed', onCompleted);
      queue.on('global:failed', onFailed);
      this.listeners.push(() => queue.removeListener('global:completed', onCompleted).removeListener('global:failed', onFailed));
    }
  }

  onApplicationShutdown(): void {
    for (const remove of this.listeners.splice(0)) remove();
  }

  /** The event carries only the job id: its name and timings are read from the job, which may already be gone. */
  private async observe(queue: Queue, queueName: string, jobId: string, outcome: JobOutcome): Promise<void> {
    try {
      const job = await queue.getJob(jobId);
      const seconds = job?.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined;
      this.metrics.observeJob(queueName, job?.name ?? 'unknown', outcome, seconds);
    } catch (error) {
      this.logger.warn(`could not read job ${jobId} of ${queueName} for metrics: ${(error as Error).message}`);
    }
  }
}
