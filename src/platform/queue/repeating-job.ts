import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';

/**
 * Registers a repeating job when the application starts. Every instance registers it; Bull keys
 * repeatable jobs by name and interval, so it is scheduled once however many processes start.
 */
export abstract class RepeatingJobScheduler implements OnApplicationBootstrap {
  protected constructor(
    private readonly queue: Queue,
    private readonly job: string,
    private readonly every: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(this.job, {}, { repeat: { every: this.every }, removeOnComplete: 10, removeOnFail: 10 });
  }
}
