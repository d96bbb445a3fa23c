import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../../platform/errors/domain-errors.js';
import { toInvidiousChannel, type InvidiousChannel } from './channel-mapper.js';
import { decodeCursor, encodeCursor, type ChannelVideoSort } from '../../catalog/media/channel-videos-cursor.js';
import { CatalogService } from '../../catalog/media/catalog.service.js';
import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import { toFeedVideo, toInvidiousVideo, toSearchVideo, type FeedVideo, type InvidiousVideo, type SearchVideo } from './video-mapper.js';

const CHANNEL_PAGE_SIZE = 30;
const POPULAR_SIZE = 40;

export interface ChannelVideosResponse {
  videos: SearchVideo[];
  continuation?: string;
}

/** The public Invidious reads of the catalog (docs/dialects/invidious.md#videos to #popular): input checks, lookups, shapes. */
@Injectable()
export class PublicCatalogService {
  constructor(private readonly catalog: CatalogService) {}

  async getVideo(id: string): Promise<InvidiousVideo> {
    if (!isVideoId(id)) throw new InvalidInputError('Invalid video ID');
    const found = await this.catalog.findVideo(id);
    if (!found) throw new NotFoundError('Video unavailable');
    return toInvidiousVideo(found.video, found.channel, new Date());
  }

  async getChannel(ucid: string): Promise<InvidiousChannel> {
    if (!isChannelId(ucid)) throw new InvalidInputError('Invalid channel ID');
    const channel = await this.catalog.findChannel(ucid);
    if (!channel) throw new NotFoundError('This channel does not exist.');
    const latest = await this.catalog.listChannelVideos(ucid, 'newest', null, CHANNEL_PAGE_SIZE);
    return toInvidiousChannel(channel, latest.videos, new Date());
  }

  async getChannelVideos(ucid: string, sort: ChannelVideoSort, continuation: string | undefined): Promise<ChannelVideosResponse> {
    if (!isChannelId(ucid)) throw new InvalidInputError('Invalid channel ID');
    if (!(await this.catalog.findChannel(ucid))) throw new NotFoundError('This channel does not exist.');
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
