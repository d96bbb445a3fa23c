import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { Redis } from 'ioredis';
import { QUEUES } from './queues.js';

/** Bull's blocking connection, which is not in its typings. */
type WithBlockingClient = Queue & { bclientInitialized?: boolean; bclient?: Redis };

/**
 * Stops this process taking jobs, at once: the queue is paused locally (no job is fetched after
 * this), and Bull's blocking wait for the next job is cut off now. Bull's own local pause ends that
 * wait with QUIT, which Redis answers only after the blocking call, up to 0.5 s later; a job
 * arriving meanwhile would be taken by a process on its way out.
 */
async function stopTakingJobs(queue: Queue): Promise<void> {
  await queue.isReady();
  const pausing = queue.pause(true, true);
  // pause() sets its local flag a few microtasks later; the blocking call is cut only after that,
  // so the error it ends with is the one Bull expects of a paused queue.
  await new Promise((resolve) => setImmediate(resolve));
  const blocking = (queue as WithBlockingClient).bclientInitialized ? (queue as WithBlockingClient).bclient : undefined;
  blocking?.disconnect();
  await pausing;
}

/**
 * Closes every Bull queue of the application: no new job is taken (each queue stops taking jobs
 * first), and the jobs this process is running are waited for (Bull's `close()` without
 * `doNotWaitJobs`). Called before the database and Redis connections close, so a shutdown never
 * fails a job with "Connection terminated".
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
  await Promise.all(queues.map((queue) => stopTakingJobs(queue).catch(() => undefined)));
  await Promise.all(queues.map((queue) => queue.close()));
}
