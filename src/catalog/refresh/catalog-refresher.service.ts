import { Inject, Injectable, Logger } from '@nestjs/common';
import type { VideoRecord } from '../media/catalog-records.js';
import { CatalogWriter, type SavedVideo } from '../media/catalog-writer.service.js';
import { VideosRepository } from '../media/videos.repository.js';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository.js';
import { Semaphore } from '../upstream/semaphore.js';
import { UPSTREAM_SOURCE, UpstreamError, UpstreamUnsupportedError, type UpstreamSource } from '../upstream/upstream.js';
import { NO_UPSTREAM, type RefreshJobData, type RefreshKind, type RefreshResult } from './refresh-jobs.js';
import { RefreshQueue } from './refresh-queue.service.js';

/** Bull's convention: a percentage. */
export type ReportProgress = (percent: number) => Promise<void>;

const ENQUEUE_CHUNK = 1000;

/**
 * docs/dialects/invidious.md#notifications: a channel refresh looks up at most this many videos new
 * to the catalog before storing (and so announcing) them, this many at a time; the rest get their
 * own video job, as before.
 */
export const NEW_VIDEO_DETAILS_PER_REFRESH = 30;
export const NEW_VIDEO_DETAILS_CONCURRENCY = 4;

/** How many more new videos this refresh may look up. */
interface DetailsBudget {
  left: number;
}

/**
 * What a refresh job does: fetch from the upstream, upsert into the catalog, queue follow-up video
 * jobs. Everything is idempotent, so a job retried after a crash simply runs again from the start.
 */
@Injectable()
export class CatalogRefresher {
  private readonly logger = new Logger('CatalogRefresher');

  constructor(
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    private readonly writer: CatalogWriter,
    private readonly videos: VideosRepository,
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
    const budget: DetailsBudget = { left: NEW_VIDEO_DETAILS_PER_REFRESH };
    for await (const page of upstream.listChannelVideos(id, { all: extractVideos })) {
      const { videos, detailed } = await this.withNewVideoDetails(upstream, page.videos, budget);
      const saved = await this.writer.saveVideos(videos);
      await this.followUp(upstream, saved, extractVideos, result, detailed);
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
   * A video new to the catalog is announced (a catalog event, so a notification) when it is first
   * stored, and a listing lacks what its own lookup has (Invidious channel pages: the description,
   * the exact date, likes, genre). So the new videos of the page are looked up first, once each and
   * within the budget, and stored together with their listing entries: the event then carries the
   * full video. A failed lookup leaves the listing's values (announced as they are).
   * `detailed` holds the ids whose lookup succeeded.
   */
  private async withNewVideoDetails(
    upstream: UpstreamSource,
    listed: VideoRecord[],
    budget: DetailsBudget,
  ): Promise<{ videos: VideoRecord[]; detailed: Set<string> }> {
    const detailed = new Set<string>();
    if (upstream.listingsAreComplete || budget.left <= 0 || listed.length === 0) return { videos: listed, detailed };
    const known = await this.videos.knownIds(listed.map((video) => video.id));
    const fresh = [...new Set(listed.map((video) => video.id))].filter((id) => !known.has(id)).slice(0, budget.left);
    budget.left -= fresh.length;
    const gate = new Semaphore(NEW_VIDEO_DETAILS_CONCURRENCY);
    const found = (await Promise.all(fresh.map((id) => gate.use(() => this.detailsOf(upstream, id))))).filter((video) => video !== null);
    for (const video of found) detailed.add(video.id);
    // The writer merges records of one id, later values winning where they are known.
    return { videos: [...listed, ...found], detailed };
  }

  private async detailsOf(upstream: UpstreamSource, id: string): Promise<VideoRecord | null> {
    try {
      const lookup = await upstream.getVideo(id);
      return lookup.found ? lookup.value : null;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      this.logger.warn(`new video ${id} stored from the listing only: ${error.message}`);
      return null;
    }
  }

  /**
   * Video jobs for what a listing cannot tell (Invidious pages lack the full description and exact
   * date): for every video with `extractVideos`, else for the videos new to the catalog; except
   * those whose details were just stored with them.
   */
  private async followUp(
    upstream: UpstreamSource,
    saved: SavedVideo[],
    extractVideos: boolean,
    result: RefreshResult,
    detailed: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const created = saved.filter((video) => video.created);
    result.videos += saved.length;
    result.newVideos += created.length;
    if (upstream.listingsAreComplete) return;
    const details = (extractVideos ? saved : created).filter((video) => !detailed.has(video.id));
    if (details.length) await this.queue.enqueue(details.map((video) => ({ kind: 'video', id: video.id, extractVideos: false })));
  }

  private async missing(kind: RefreshKind, id: string, report: ReportProgress): Promise<RefreshResult> {
    await this.writer.markMissing(kind, id);
    await report(100);
    return { status: 'missing', videos: 0, newVideos: 0 };
  }
}
