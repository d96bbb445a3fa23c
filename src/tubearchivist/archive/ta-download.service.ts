import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '../../platform/errors/domain-errors.js';
import { NO_UPSTREAM, type RefreshItem } from '../../catalog/refresh/refresh-jobs.js';
import { RefreshQueue } from '../../catalog/refresh/refresh-queue.service.js';
import { UPSTREAM_SOURCE, type UpstreamSource } from '../../catalog/upstream/upstream.js';
import { ChannelResolver } from './channel-resolver.service.js';
import { taMessageError } from './ta-errors.js';
import type { DownloadItem } from './ta-requests.js';
import { shown } from './youtube-reference.js';

/**
 * `POST /api/download/` (docs/dialects/tubearchivist.md#download): tubevault downloads nothing, so each pending item
 * becomes a job of the refresh queue (a channel: its newest page of videos).
 */
@Injectable()
export class TaDownloadService {
  constructor(
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    private readonly queue: RefreshQueue,
    private readonly resolver: ChannelResolver,
  ) {}

  /** All or nothing: the items were checked; every channel name is resolved before anything is queued. */
  async request(items: DownloadItem[]): Promise<void> {
    if (!this.upstream) throw new UnavailableError(NO_UPSTREAM);
    const jobs: RefreshItem[] = [];
    for (const { value, target } of items) {
      if (target.kind !== 'channel-name') {
        jobs.push({ kind: target.kind, id: target.id, extractVideos: false });
        continue;
      }
      const ucid = await this.resolver.resolve(target.url);
      if (!ucid) throw taMessageError('invalid-input', `channel not found: ${shown(value)}`);
      jobs.push({ kind: 'channel', id: ucid, extractVideos: false });
    }
    if (jobs.length) await this.queue.enqueue(jobs);
  }
}
