import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { QUEUES } from '../../platform/queue/queues.js';
import { ITEM_JOB_ID, ITEM_JOB_OPTIONS, jobIdOf, QUEUED_STATES, type RefreshItem, type RefreshJobData } from './refresh-jobs.js';

/** Bull's own lists of jobs that have not finished: waiting (or paused), delayed, active. */
const QUEUED_LISTS = [
  ['lrange', 'wait'],
  ['lrange', 'paused'],
  ['zrange', 'delayed'],
  ['lrange', 'active'],
] as const;

/** How many jobs of the refresh queue are in each state (`queued`: waiting, paused or delayed). */
export interface RefreshQueueCounts {
  queued: number;
  active: number;
  done: number;
  failed: number;
}

/** The refresh queue as both the API and the workers use it: de-duplicated enqueueing and what is queued. */
@Injectable()
export class RefreshQueue {
  constructor(@InjectQueue(QUEUES.refresh) private readonly queue: Queue<RefreshJobData>) {}

  /**
   * One job per item (`jobId = kind:id`). An item already queued is not queued again (a waiting
   * job is upgraded to `extractVideos` if asked; a running one is marked to run once more, as it may
   * have fetched before this request); one whose job finished or failed is: the old job is removed
   * first, as Bull would otherwise keep treating its id as taken.
   */
  async enqueue(items: RefreshItem[]): Promise<void> {
    const wanted = new Map<string, RefreshItem>();
    for (const item of items) {
      const jobId = jobIdOf(item.kind, item.id);
      const earlier = wanted.get(jobId);
      wanted.set(jobId, earlier ? { ...earlier, extractVideos: earlier.extractVideos || item.extractVideos } : item);
    }
    const toAdd: [string, RefreshItem][] = [];
    const known = await this.withJobs([...wanted.keys()]);
    await Promise.all(
      [...wanted].map(async ([jobId, item]) => {
        // Most items have no job: they need no lookup of their own (one `getJob` per item made a 1000-id request slow).
        if (!known.has(jobId)) {
          toAdd.push([jobId, item]);
          return;
        }
        const job = await this.queue.getJob(jobId);
        if (job) {
          const state = await job.getState();
          const extractVideos = job.data.extractVideos || item.extractVideos;
          if (state === 'active') {
            await job.update({ ...job.data, extractVideos, requestedAgain: true });
            // Finished meanwhile, without seeing the mark: queue it anew below.
            if ((await job.getState()) === 'active') return;
          } else if (QUEUED_STATES.has(state)) {
            if (extractVideos !== job.data.extractVideos) await job.update({ ...job.data, extractVideos });
            return;
          }
          // Bull refuses while a worker holds the job, or when a concurrent request removed it first:
          // either way the add below then finds the item queued or adds it.
          await job.remove().catch((error: Error) => {
            if (!error.message.startsWith('Could not remove job')) throw error;
          });
        }
        toAdd.push([jobId, item]);
      }),
    );
    if (toAdd.length === 0) return;
    await this.queue.addBulk(
      toAdd.map(([jobId, { kind, id, extractVideos }]) => ({ name: kind, data: { id, extractVideos }, opts: { ...ITEM_JOB_OPTIONS, jobId } })),
    );
  }

  /** Which of these job ids have a job (in any state), in one pipelined round trip. */
  private async withJobs(jobIds: string[]): Promise<Set<string>> {
    const pipeline = this.queue.client.pipeline();
    for (const jobId of jobIds) pipeline.exists(this.queue.toKey(jobId));
    const replies = (await pipeline.exec()) ?? [];
    const found = new Set<string>();
    replies.forEach(([error, exists], i) => {
      if (error) throw error;
      if (exists === 1) found.add(jobIds[i]);
    });
    return found;
  }

  /**
   * For a running job: the data to run it with once more if it was asked for again meanwhile
   * (the mark is cleared), else null.
   */
  async takeRepeatRequest(jobId: string): Promise<RefreshJobData | null> {
    const job = await this.queue.getJob(jobId);
    if (!job?.data.requestedAgain) return null;
    const data = { ...job.data, requestedAgain: false };
    await job.update(data);
    return data;
  }

  /** Whether a refresh of the item is queued or running now. */
  async isPending(kind: RefreshItem['kind'], id: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdOf(kind, id));
    return !!job && QUEUED_STATES.has(await job.getState());
  }

  /**
   * Bull's own counts of the whole queue in one round trip: every job, the scheduled subscription
   * refresh's included, and finished jobs only as many as the queue keeps.
   */
  async counts(): Promise<RefreshQueueCounts> {
    const counts: Partial<Record<'waiting' | 'paused' | 'delayed' | 'active' | 'completed' | 'failed', number>> = await this.queue.getJobCounts();
    const of = (state: keyof typeof counts) => counts[state] ?? 0;
    return { queued: of('waiting') + of('paused') + of('delayed'), active: of('active'), done: of('completed'), failed: of('failed') };
  }

  /** The ids of every queued item job, read from Bull's lists in one round trip. */
  async queuedItemJobIds(): Promise<Set<string>> {
    const pipeline = this.queue.multi();
    for (const [command, list] of QUEUED_LISTS) pipeline[command](this.queue.toKey(list), 0, -1);
    const replies = (await pipeline.exec()) ?? [];
    const ids = new Set<string>();
    for (const [error, list] of replies) {
      if (error) throw error;
      for (const id of list as string[]) if (ITEM_JOB_ID.test(id)) ids.add(id);
    }
    return ids;
  }
}
