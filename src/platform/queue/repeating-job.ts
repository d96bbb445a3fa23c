import { InjectQueue } from '@nestjs/bull';
import { Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import type { Queue } from 'bull';
import type { QueueName } from './queues.js';

/**
 * A provider that registers `job` on `queue`, repeating every `every` ms, when the application
 * starts. Every instance registers it; Bull keys repeatable jobs by name and interval, so it is
 * scheduled once however many processes start.
 */
export function repeatingJobScheduler(queue: QueueName, job: string, every: number): Type<OnApplicationBootstrap> {
  @Injectable()
  class RepeatingJobScheduler implements OnApplicationBootstrap {
    constructor(@InjectQueue(queue) private readonly jobs: Queue) {}

    async onApplicationBootstrap(): Promise<void> {
      await this.jobs.add(job, {}, { repeat: { every }, removeOnComplete: 10, removeOnFail: 10 });
    }
  }
  return RepeatingJobScheduler;
}
