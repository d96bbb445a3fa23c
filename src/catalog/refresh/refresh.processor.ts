import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { QUEUES } from '../../platform/queue/queues.js';
import { UpstreamError } from '../upstream/upstream.js';
import { CatalogRefresher } from './catalog-refresher.service.js';
import { RefreshQueue } from './refresh-queue.service.js';
import { REFRESH_KINDS, SUBSCRIBED_CHANNELS_JOB, type RefreshJobData, type RefreshKind, type RefreshResult } from './refresh-jobs.js';

/** Jobs this worker runs at once: each mostly waits on the upstream. */
const CONCURRENCY = 4;

/** Runs refresh jobs; registered only in processes whose ROLE is worker or all. */
@Processor(QUEUES.refresh)
export class RefreshProcessor {
  private readonly logger = new Logger('RefreshProcessor');

  constructor(
    private readonly refresher: CatalogRefresher,
    private readonly refreshQueue: RefreshQueue,
  ) {}

  @Process({ name: '*', concurrency: CONCURRENCY })
  async process(job: Job<RefreshJobData>): Promise<RefreshResult | { channelsQueued: number }> {
    try {
      if (job.name === SUBSCRIBED_CHANNELS_JOB) return { channelsQueued: await this.refresher.enqueueSubscribedChannels() };
      if (!(REFRESH_KINDS as readonly string[]).includes(job.name)) throw new UnknownJobError(`unknown refresh job "${job.name}"`);
      const kind = job.name as RefreshKind;
      const report = (percent: number) => job.progress(percent);
      let result = await this.refresher.refresh(kind, job.data, report);
      let again: RefreshJobData | null;
      // Asked for again while running (this run may have fetched before that request): once more.
      while ((again = await this.refreshQueue.takeRepeatRequest(String(job.id)))) result = await this.refresher.refresh(kind, again, report);
      return result;
    } catch (error) {
      // Retrying cannot fix a malformed body or an unsupported request: fail now, with the reason.
      const permanent = error instanceof UnknownJobError || (error instanceof UpstreamError && error.permanent);
      if (permanent) await job.discard();
      this.logger.warn(
        `job ${job.id} failed${permanent ? '' : ` (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`}: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}

class UnknownJobError extends Error {}
