import { Inject, Injectable } from '@nestjs/common';
import { CatalogWriter, type SavedVideo } from '../media/catalog-writer.service.js';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository.js';
import { UPSTREAM_SOURCE, UpstreamUnsupportedError, type UpstreamSource } from '../upstream/upstream.js';
import { NO_UPSTREAM, type RefreshJobData, type RefreshKind, type RefreshResult } from './refresh-jobs.js';
import { RefreshQueue } from './refresh-queue.service.js';

/** Bull's convention: a percentage. */
export type ReportProgress = (percent: number) => Promise<void>;

const ENQUEUE_CHUNK = 1000;

/**
 * What a refresh job does: fetch from the upstream, upsert into the catalog, queue follow-up video
 * jobs. Everything is idempotent, so a job retried after a crash simply runs again from the start.
 */
@Injectable()
export class CatalogRefresher {
  constructor(
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    private readonly writer: CatalogWriter,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly queue: RefreshQueue,
  ) {}

  async refresh(kind: RefreshKind, { id, extractVideos }: RefreshJobData, report: ReportProgress): Promise<RefreshResult> {
    const upstream = this.upstream;
    if (!upstream) throw new UpstreamUnsupportedError(NO_UPSTREAM);
    switch (kind) {
      case 'video':
        return this.refreshVideo(upstream, id, report);
      case 'channel':
        return this.refreshChannel(upstream, id, extractVideos, report);
      case 'playlist':
        return this.refreshPlaylist(upstream, id, extractVideos, report);
    }
  }

  /** The periodic job: a channel refresh (newest page) of every channel someone subscribes to. */
  async enqueueSubscribedChannels(): Promise<number> {
    const ids = await this.subscriptions.subscribedChannelIds();
    for (let start = 0; start < ids.length; start += ENQUEUE_CHUNK) {
      await this.queue.enqueue(ids.slice(start, start + ENQUEUE_CHUNK).map((id) => ({ kind: 'channel' as const, id, extractVideos: false })));
    }
    return ids.length;
  }

  private async refreshVideo(upstream: UpstreamSource, id: string, report: ReportProgress): Promise<RefreshResult> {
    const video = await upstream.getVideo(id);
    if (!video.found) return this.missing('video', id, report);
    const [saved] = await this.writer.saveVideos([video.value]);
    await report(100);
    return { status: 'refreshed', videos: 1, newVideos: saved?.created ? 1 : 0 };
  }

  /**
   * The channel, then its newest page of videos, or every page with `extractVideos`. Progress
   * assumes one more page until the listing ends.
   */
  private async refreshChannel(upstream: UpstreamSource, id: string, extractVideos: boolean, report: ReportProgress): Promise<RefreshResult> {
    const channel = await upstream.getChannel(id);
    if (!channel.found) return this.missing('channel', id, report);
    await this.writer.saveChannel(channel.value);
    let pages = 0;
    const result: RefreshResult = { status: 'refreshed', videos: 0, newVideos: 0 };
    for await (const page of upstream.listChannelVideos(id, { all: extractVideos })) {
      const saved = await this.writer.saveVideos(page.videos);
      await this.followUp(upstream, saved, extractVideos, result);
      pages += 1;
      await report(Math.floor((100 * pages) / (pages + 1)));
    }
    await report(100);
    return result;
  }

  private async refreshPlaylist(upstream: UpstreamSource, id: string, extractVideos: boolean, report: ReportProgress): Promise<RefreshResult> {
    const playlist = await upstream.getPlaylist(id);
    if (!playlist.found) return this.missing('playlist', id, report);
    const saved = await this.writer.savePlaylist(playlist.value);
    const result: RefreshResult = { status: 'refreshed', videos: 0, newVideos: 0 };
    await this.followUp(upstream, saved, extractVideos, result);
    await report(100);
    return result;
  }

  /**
   * Video jobs for what a listing cannot tell (Invidious pages lack the full description and exact
   * date): for every video with `extractVideos`, else for the videos new to the catalog.
   */
  private async followUp(upstream: UpstreamSource, saved: SavedVideo[], extractVideos: boolean, result: RefreshResult): Promise<void> {
    const created = saved.filter((video) => video.created);
    result.videos += saved.length;
    result.newVideos += created.length;
    if (upstream.listingsAreComplete) return;
    const details = extractVideos ? saved : created;
    if (details.length) await this.queue.enqueue(details.map((video) => ({ kind: 'video', id: video.id, extractVideos: false })));
  }

  private async missing(kind: RefreshKind, id: string, report: ReportProgress): Promise<RefreshResult> {
    await this.writer.markMissing(kind, id);
    await report(100);
    return { status: 'missing', videos: 0, newVideos: 0 };
  }
}
