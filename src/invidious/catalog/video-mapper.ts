import type { Image } from '../../catalog/media/catalog-records.js';
import type { ChannelEntity } from '../../catalog/media/channel.entity.js';
import type { VideoEntity } from '../../catalog/media/video.entity.js';

/**
 * The one place catalog rows become Invidious JSON (docs/dialects/invidious.md#feed, #videos, #channels): the video
 * object (also the notification payload), the feed's short video and the search-video shape of
 * channel pages. Pure: the caller passes `now` for the relative texts.
 */

export type MappableVideo = Pick<
  VideoEntity,
  | 'id'
  | 'channelId'
  | 'channelName'
  | 'title'
  | 'description'
  | 'published'
  | 'lengthSeconds'
  | 'viewCount'
  | 'likeCount'
  | 'thumbnails'
  | 'genre'
  | 'liveNow'
  | 'isUpcoming'
  | 'premiereAt'
>;
export type MappableChannel = Pick<ChannelEntity, 'id' | 'name' | 'description' | 'thumbnails' | 'banners' | 'subscriberCount' | 'totalViews' | 'joined'>;

export interface VideoThumbnail {
  quality: string;
  url: string;
  width: number;
  height: number;
}

export interface AuthorImage {
  url: string;
  width: number;
  height: number;
}

export interface InvidiousVideo {
  type: 'video' | 'livestream' | 'scheduled';
  title: string;
  videoId: string;
  videoThumbnails: VideoThumbnail[];
  storyboards: never[];
  description: string;
  descriptionHtml: string;
  published: number;
  publishedText: string;
  keywords: string[];
  viewCount: number;
  likeCount: number;
  dislikeCount: number;
  paid: boolean;
  premium: boolean;
  isFamilyFriendly: boolean;
  allowedRegions: string[];
  genre: string;
  genreUrl: null;
  author: string;
  authorId: string;
  authorUrl: string;
  authorVerified: boolean;
  authorThumbnails: AuthorImage[];
  subCountText: string;
  lengthSeconds: number;
  allowRatings: boolean;
  rating: number;
  isListed: boolean;
  liveNow: boolean;
  isPostLiveDvr: boolean;
  isUpcoming: boolean;
  premiereTimestamp?: number;
  /** Passed on from an Invidious upstream with the video (src/invidious/gateway/playback.ts); empty from the catalog alone. */
  adaptiveFormats: Record<string, unknown>[];
  formatStreams: Record<string, unknown>[];
  captions: Record<string, unknown>[];
  recommendedVideos: never[];
  dashUrl?: string;
  hlsUrl?: string;
}

export interface FeedVideo {
  type: 'shortVideo';
  title: string;
  videoId: string;
  videoThumbnails: VideoThumbnail[];
  lengthSeconds: number;
  author: string;
  authorId: string;
  authorUrl: string;
  published: number;
  publishedText: string;
  viewCount: number | null;
}

/** How a listed video begins: the search-video shape of channel pages and a playlist entry. */
export interface VideoListing {
  type: 'video';
  title: string;
  videoId: string;
  author: string;
  authorId: string;
  authorUrl: string;
}

export interface SearchVideo extends VideoListing {
  authorVerified: boolean;
  videoThumbnails: VideoThumbnail[];
  description: string;
  descriptionHtml: string;
  viewCount: number;
  viewCountText: string;
  published: number;
  publishedText: string;
  lengthSeconds: number;
  liveNow: boolean;
  premium: boolean;
  isUpcoming: boolean;
  premiereTimestamp?: number;
  isNew: boolean;
  is4k: boolean;
  is8k: boolean;
  isVr180: boolean;
  isVr360: boolean;
  is3d: boolean;
  hasCaptions: boolean;
}

/** Always these 9, in this order; `file` names the i.ytimg.com fallback. */
const VIDEO_THUMBNAILS = [
  { quality: 'maxres', file: 'maxresdefault', width: 1280, height: 720 },
  { quality: 'maxresdefault', file: 'maxresdefault', width: 1280, height: 720 },
  { quality: 'sddefault', file: 'sddefault', width: 640, height: 480 },
  { quality: 'high', file: 'hqdefault', width: 480, height: 360 },
  { quality: 'medium', file: 'mqdefault', width: 320, height: 180 },
  { quality: 'default', file: 'default', width: 120, height: 90 },
  { quality: 'start', file: '1', width: 120, height: 90 },
  { quality: 'middle', file: '2', width: 120, height: 90 },
  { quality: 'end', file: '3', width: 120, height: 90 },
] as const;

export const AUTHOR_THUMBNAIL_SIZES = [32, 48, 76, 100, 176, 512] as const;

/** A video younger than this carries Invidious's `isNew` badge. */
const NEW_VIDEO_MS = 24 * 3600 * 1000;

const unix = (date: Date | null): number => (date ? Math.floor(date.getTime() / 1000) : 0);
const authorUrlOf = (channelId: string) => `/channel/${channelId}`;

/** The upstream's URL for each quality it sent; YouTube's own image host for the others. */
export function videoThumbnails(video: Pick<MappableVideo, 'id' | 'thumbnails'>): VideoThumbnail[] {
  // Called for every video of every list: a loop over the few stored thumbnails, no Map per call.
  const stored = video.thumbnails;
  return VIDEO_THUMBNAILS.map(({ quality, file, width, height }) => ({
    quality,
    url: (stored && storedUrl(stored, quality)) ?? `https://i.ytimg.com/vi/${video.id}/${file}.jpg`,
    width,
    height,
  }));
}

/** The last stored thumbnail's URL of that quality, as a Map built from the list would hold. */
function storedUrl(stored: readonly { quality: string; url: string }[], quality: string): string | undefined {
  for (let i = stored.length - 1; i >= 0; i--) if (stored[i].quality === quality) return stored[i].url;
  return undefined;
}

/**
 * One image per requested width: the upstream's of that width, else the largest one resized the way
 * YouTube's image host does (`=s88` avatars, `=w1060-` banners), else the largest as is. No image → [].
 */
function imagesInSizes(
  images: Image[] | null,
  sizes: readonly { width: number; height: number }[],
  resize: (url: string, width: number) => string,
): AuthorImage[] {
  if (!images?.length) return [];
  const largest = images.reduce((a, b) => (b.width > a.width ? b : a));
  return sizes.map(({ width, height }) => ({ url: images.find((i) => i.width === width)?.url ?? resize(largest.url, width), width, height }));
}

export function authorThumbnails(images: Image[] | null): AuthorImage[] {
  return imagesInSizes(
    images,
    AUTHOR_THUMBNAIL_SIZES.map((size) => ({ width: size, height: size })),
    (url, size) => url.replace(/=s\d+(?=-|$)/, `=s${size}`),
  );
}

const BANNER_SIZES = [
  { width: 2560, height: 424 },
  { width: 2120, height: 351 },
  { width: 1060, height: 175 },
  { width: 512, height: 288 },
] as const;

export function authorBanners(images: Image[] | null): AuthorImage[] {
  return imagesInSizes(images, BANNER_SIZES, (url, width) => url.replace(/=w\d+-/, `=w${width}-`));
}

/** docs/dialects/invidious.md#feed: English, the first unit that applies; future dates (premieres) read "in …". */
export function publishedText(published: Date | null, now: Date): string {
  if (!published) return '';
  const signed = Math.trunc((now.getTime() - published.getTime()) / 1000);
  const seconds = Math.abs(signed);
  const days = seconds / 86400;
  const [count, unit] =
    days > 365
      ? [Math.floor(days / 365), 'year']
      : days > 30
        ? [Math.floor(days / 30), 'month']
        : days > 7
          ? [Math.floor(days / 7), 'week']
          : seconds > 86400
            ? [Math.floor(days), 'day']
            : seconds > 3600
              ? [Math.floor(seconds / 3600), 'hour']
              : seconds > 60
                ? [Math.floor(seconds / 60), 'minute']
                : [seconds, 'second'];
  const text = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return signed < 0 ? `in ${text}` : `${text} ago`;
}

/**
 * Invidious's `number_to_short_text`: the first two or three significant characters of the
 * dot-grouped number, then K, M or B (1234567 → "1.2M", 12345 → "12K", 999 → "999").
 */
export function shortCount(value: number): string {
  const whole = Math.trunc(Math.max(0, value));
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  let text = grouped.slice(0, 2);
  if (grouped[2] !== undefined && grouped[2] !== '.') text += grouped[2];
  if (text.endsWith('.0')) text = text.slice(0, -2);
  if (whole >= 1e9) return `${text}B`;
  if (whole >= 1e6) return `${text}M`;
  if (whole >= 1e3) return `${text}K`;
  return text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** Plain text as HTML: escaped, with http(s) URLs as links and newlines kept (as Invidious sends them). */
export function descriptionHtml(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    html += escapeHtml(text.slice(last, match.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function videoType(video: MappableVideo): InvidiousVideo['type'] {
  if (video.liveNow) return 'livestream';
  if (video.isUpcoming) return 'scheduled';
  return 'video';
}

const premiere = (video: MappableVideo): { premiereTimestamp?: number } =>
  video.isUpcoming && video.premiereAt ? { premiereTimestamp: unix(video.premiereAt) } : {};

/** `GET /api/v1/videos/:id`, and the payload of every notification. */
export function toInvidiousVideo(video: MappableVideo, channel: MappableChannel | null, now: Date): InvidiousVideo {
  const description = video.description ?? '';
  return {
    type: videoType(video),
    title: video.title ?? '',
    videoId: video.id,
    videoThumbnails: videoThumbnails(video),
    storyboards: [],
    description,
    descriptionHtml: descriptionHtml(description),
    published: unix(video.published),
    publishedText: publishedText(video.published, now),
    keywords: [],
    viewCount: video.viewCount ?? 0,
    likeCount: video.likeCount ?? 0,
    dislikeCount: 0,
    paid: false,
    premium: false,
    isFamilyFriendly: true,
    allowedRegions: [],
    genre: video.genre ?? '',
    genreUrl: null,
    author: video.channelName ?? channel?.name ?? '',
    authorId: video.channelId,
    authorUrl: authorUrlOf(video.channelId),
    authorVerified: false,
    authorThumbnails: authorThumbnails(channel?.thumbnails ?? null),
    subCountText: channel?.subscriberCount != null ? shortCount(channel.subscriberCount) : '',
    lengthSeconds: video.lengthSeconds ?? 0,
    allowRatings: true,
    rating: 0,
    isListed: true,
    liveNow: video.liveNow ?? false,
    isPostLiveDvr: false,
    isUpcoming: video.isUpcoming ?? false,
    ...premiere(video),
    adaptiveFormats: [],
    formatStreams: [],
    captions: [],
    recommendedVideos: [],
  };
}

/** FeedVideo (feed, notifications list, popular). */
export function toFeedVideo(video: MappableVideo, now: Date): FeedVideo {
  return {
    type: 'shortVideo',
    title: video.title ?? '',
    videoId: video.id,
    videoThumbnails: videoThumbnails(video),
    lengthSeconds: video.lengthSeconds ?? 0,
    author: video.channelName ?? '',
    authorId: video.channelId,
    authorUrl: authorUrlOf(video.channelId),
    published: unix(video.published),
    publishedText: publishedText(video.published, now),
    viewCount: video.viewCount,
  };
}

function isNew(published: Date | null, now: Date): boolean {
  const age = published ? now.getTime() - published.getTime() : -1;
  return age >= 0 && age < NEW_VIDEO_MS;
}

/** The search-video shape (channel pages). */
export function toSearchVideo(video: MappableVideo, now: Date): SearchVideo {
  const description = video.description ?? '';
  const views = video.viewCount ?? 0;
  return {
    type: 'video',
    title: video.title ?? '',
    videoId: video.id,
    author: video.channelName ?? '',
    authorId: video.channelId,
    authorUrl: authorUrlOf(video.channelId),
    authorVerified: false,
    videoThumbnails: videoThumbnails(video),
    description,
    descriptionHtml: descriptionHtml(description),
    viewCount: views,
    viewCountText: `${shortCount(views)} view${views === 1 ? '' : 's'}`,
    published: unix(video.published),
    publishedText: publishedText(video.published, now),
    lengthSeconds: video.lengthSeconds ?? 0,
    liveNow: video.liveNow ?? false,
    premium: false,
    isUpcoming: video.isUpcoming ?? false,
    ...premiere(video),
    isNew: isNew(video.published, now),
    is4k: false,
    is8k: false,
    isVr180: false,
    isVr360: false,
    is3d: false,
    hasCaptions: false,
  };
}
