import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '../../platform/errors/domain-errors.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from '../../catalog/upstream/upstream.js';
import { jobIdOf, NO_UPSTREAM, REFRESH_KINDS, type RefreshItem, type RefreshKind } from '../../catalog/refresh/refresh-jobs.js';
import { RefreshQueue, type RefreshQueueCounts } from '../../catalog/refresh/refresh-queue.service.js';

/** docs/dialects/tubearchivist.md#refresh: tubevault's `counts` after the keys TubeArchivist documents, in its order. */
export interface RefreshStatus {
  total_queued: number;
  type: string;
  state: 'running' | 'empty' | 'in_queue' | false;
  id?: string;
  counts: RefreshCounts;
}

export interface RefreshCounts {
  queued: number;
  active: number;
  done: number;
  failed: number;
}

const countsOf = ({ queued, active, done, failed }: RefreshQueueCounts): RefreshCounts => ({ queued, active, done, failed });

/** `/api/refresh/`: what the API process does (workers process the jobs). */
@Injectable()
export class RefreshService {
  constructor(
    private readonly queue: RefreshQueue,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
  ) {}

  /** Queues one job per item of a validated request. */
  async requestRefresh(request: Partial<Record<RefreshKind, string[]>>, extractVideos: boolean): Promise<void> {
    if (!this.upstream) throw new UnavailableError(NO_UPSTREAM);
    const items: RefreshItem[] = REFRESH_KINDS.flatMap((kind) => (request[kind] ?? []).map((id) => ({ kind, id, extractVideos })));
    if (items.length) await this.queue.enqueue(items);
  }

  async getStatus(kind: RefreshKind | null, id: string | null): Promise<RefreshStatus> {
    const [queued, counts] = await Promise.all([this.queue.queuedItemJobIds(), this.queue.counts()]);
    const total = kind ? [...queued].filter((jobId) => jobId.startsWith(`${kind}:`)).length : queued.size;
    const base = { total_queued: total, type: kind ?? 'all' };
    if (kind === null || id === null) return { ...base, state: total > 0 ? 'running' : 'empty', counts: countsOf(counts) };
    return { ...base, state: queued.has(jobIdOf(kind, id)) ? 'in_queue' : false, id, counts: countsOf(counts) };
  }
}
