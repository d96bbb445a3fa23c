import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../platform/errors/domain-errors.js';
import { toInvidiousChannel, type InvidiousChannel } from './channel-mapper.js';
import { decodeCursor, encodeCursor, type ChannelVideoSort } from '../../catalog/media/channel-videos-cursor.js';
import { CatalogService } from '../../catalog/media/catalog.service.js';
import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import { CatalogReadThrough } from '../../catalog/read-through/catalog-read-through.service.js';
import { UpstreamReadError } from '../../catalog/read-through/upstream-read-error.js';
import { VideoPlayback } from '../gateway/video-playback.service.js';
import { invidiousUpstreamError } from './upstream-failure.js';
import { toFeedVideo, toInvidiousVideo, toSearchVideo, type FeedVideo, type InvidiousVideo, type SearchVideo } from './video-mapper.js';

const CHANNEL_PAGE_SIZE = 30;
const POPULAR_SIZE = 40;
const CHANNEL_NOT_FOUND = 'This channel does not exist.';

/** A read-through's upstream failure as the Invidious error for it. */
async function upstreamErrorsAs<T>(read: Promise<T>, notFound: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof UpstreamReadError) throw invidiousUpstreamError(error, notFound);
    throw error;
  }
}

export interface ChannelVideosResponse {
  videos: SearchVideo[];
  continuation?: string;
}

/** The public Invidious reads of the catalog (docs/dialects/invidious.md#videos to #popular): input checks, lookups, shapes. */
@Injectable()
export class PublicCatalogService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly readThrough: CatalogReadThrough,
    private readonly playback: VideoPlayback,
  ) {}

  /** `origin` is tubevault's, for the manifest URL; `local` asks for local stream URLs (docs/dialects/invidious.md#playback). */
  async getVideo(id: string, origin: string, local: boolean): Promise<InvidiousVideo> {
    if (!isVideoId(id)) throw new InvalidInputError('Invalid video ID');
    const [found, playback] = await Promise.all([upstreamErrorsAs(this.readThrough.video(id), 'Video unavailable'), this.playback.of(id, origin, local)]);
    return { ...toInvidiousVideo(found.video, found.channel, new Date()), ...playback };
  }

  async getChannel(ucid: string): Promise<InvidiousChannel> {
    if (!isChannelId(ucid)) throw new InvalidInputError('Invalid channel ID');
    const channel = await upstreamErrorsAs(this.readThrough.channel(ucid), CHANNEL_NOT_FOUND);
    const latest = await this.catalog.listChannelVideos(ucid, 'newest', null, CHANNEL_PAGE_SIZE);
    return toInvidiousChannel(channel, latest.videos, new Date());
  }

  async getChannelVideos(ucid: string, sort: ChannelVideoSort, continuation: string | undefined): Promise<ChannelVideosResponse> {
    if (!isChannelId(ucid)) throw new InvalidInputError('Invalid channel ID');
    await upstreamErrorsAs(this.readThrough.channel(ucid), CHANNEL_NOT_FOUND);
    const cursor = decodeCursor(continuation, sort);
    const page = await this.catalog.listChannelVideos(ucid, sort, cursor, CHANNEL_PAGE_SIZE);
    const now = new Date();
    const videos = page.videos.map((video) => toSearchVideo(video, now));
    return page.next ? { videos, continuation: encodeCursor(page.next) } : { videos };
  }

  async getPopular(): Promise<FeedVideo[]> {
    const now = new Date();
    return (await this.catalog.popularVideos(POPULAR_SIZE, now)).map((video) => toFeedVideo(video, now));
  }
}
