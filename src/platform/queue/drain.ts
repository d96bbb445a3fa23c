import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUES } from './queues.js';

/**
 * Closes every Bull queue of the application: no new job is taken, and the jobs this process is
 * running are waited for (Bull's `close()` without `doNotWaitJobs`). Called before the database and
 * Redis connections close, so a shutdown never fails a job with "Connection terminated".
 */
export async function drainQueues(app: INestApplicationContext): Promise<void> {
  const queues: Queue[] = [];
  for (const name of Object.values(QUEUES)) {
    try {
      queues.push(app.get<Queue>(getQueueToken(name), { strict: false }));
    } catch {
      // This role does not register that queue.
    }
  }
  await Promise.all(queues.map((queue) => queue.close()));
}
