import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '../../platform/errors/domain-errors.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from '../../catalog/upstream/upstream.js';
import { jobIdOf, NO_UPSTREAM, REFRESH_KINDS, type RefreshItem } from '../../catalog/refresh/refresh-jobs.js';
import { RefreshQueue } from '../../catalog/refresh/refresh-queue.service.js';
import { TaShapedError } from '../archive/ta-errors.js';
import { parseExtractVideos, parseRefreshBody, parseRefreshStatusQuery, RefreshRequestError } from './refresh-request.js';

/** docs/dialects/tubearchivist.md#refresh, keys in the order TubeArchivist documents. */
export interface RefreshStatus {
  total_queued: number;
  type: string;
  state: 'running' | 'empty' | 'in_queue' | false;
  id?: string;
}

/** `/api/refresh/`: what the API process does (workers process the jobs). */
@Injectable()
export class RefreshService {
  constructor(
    private readonly queue: RefreshQueue,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
  ) {}

  /** Validates all or nothing, then queues one job per item; answers with the body as sent. */
  async requestRefresh(body: unknown, query: Record<string, unknown>): Promise<unknown> {
    const request = this.parse(() => parseRefreshBody(body));
    if (!this.upstream) throw new UnavailableError(NO_UPSTREAM);
    const extractVideos = parseExtractVideos(query.extract_videos);
    const items: RefreshItem[] = REFRESH_KINDS.flatMap((kind) => request[kind].map((id) => ({ kind, id, extractVideos })));
    if (items.length) await this.queue.enqueue(items);
    return body ?? {};
  }

  async getStatus(query: Record<string, unknown>): Promise<RefreshStatus> {
    const { kind, id } = this.parse(() => parseRefreshStatusQuery(query));
    const queued = await this.queue.queuedItemJobIds();
    const total = kind ? [...queued].filter((jobId) => jobId.startsWith(`${kind}:`)).length : queued.size;
    const base = { total_queued: total, type: kind ?? 'all' };
    if (kind === null || id === null) return { ...base, state: total > 0 ? 'running' : 'empty' };
    return { ...base, state: queued.has(jobIdOf(kind, id)) ? 'in_queue' : false, id };
  }

  private parse<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof RefreshRequestError) throw new TaShapedError('invalid-input', { ...error.body }, error.message);
      throw error;
    }
  }
}
