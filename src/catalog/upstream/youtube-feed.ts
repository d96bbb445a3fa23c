import type { VideoRecord } from '../media/catalog-records.js';
import { VIDEO_ID } from '../media/ids.js';
import { absoluteUrl, MalformedBody } from './json-fields.js';
import { child, childrenNamed, parseXml, type XmlElement } from './xml.js';

export interface ChannelFeed {
  channelName: string | null;
  /** Newest first, as YouTube lists them (its 15 newest uploads). */
  videos: VideoRecord[];
}

function count(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function date(element: XmlElement | undefined): Date | null {
  const time = element ? Date.parse(element.text.trim()) : NaN;
  return Number.isNaN(time) ? null : new Date(time);
}

/** YouTube serves `hqdefault` (480×360) in feeds; other sizes are named by their width. */
function thumbnailQuality(width: number): string {
  if (width >= 1280) return 'maxres';
  if (width >= 640) return 'sddefault';
  if (width >= 480) return 'high';
  if (width >= 320) return 'medium';
  return 'default';
}

function entryVideo(entry: XmlElement, channelId: string, channelName: string | null, index: number, base: string): VideoRecord {
  const id = child(entry, 'yt:videoId')?.text.trim() ?? '';
  if (!VIDEO_ID.test(id)) throw new MalformedBody(`feed entry ${index}: <yt:videoId> ${JSON.stringify(id.slice(0, 64))} is not a video id`);
  const group = child(entry, 'media:group');
  const community = child(group, 'media:community');
  const thumbnail = child(group, 'media:thumbnail');
  const thumbnailUrl = absoluteUrl(thumbnail?.attributes.url, base);
  const width = count(thumbnail?.attributes.width);
  const height = count(thumbnail?.attributes.height);
  const title = child(entry, 'title') ?? child(group, 'media:title');
  return {
    id,
    channelId,
    channelName: child(child(entry, 'author'), 'name')?.text.trim() || channelName,
    channelThumbnails: null,
    title: title ? title.text : null,
    description: child(group, 'media:description')?.text ?? null,
    published: date(child(entry, 'published')),
    publishedIsApproximate: false,
    lengthSeconds: null,
    viewCount: count(child(community, 'media:statistics')?.attributes.views),
    likeCount: count(child(community, 'media:starRating')?.attributes.count),
    thumbnails: thumbnailUrl && width && height ? [{ quality: thumbnailQuality(width), url: thumbnailUrl, width, height }] : null,
    genre: null,
    liveNow: null,
    isUpcoming: null,
    premiereAt: null,
  };
}

/**
 * A channel's Atom feed (`/feeds/videos.xml?channel_id=UC…`). The feed says nothing about length,
 * genre or live state: those stay unknown. Entries are taken as the requested channel's; `base`
 * resolves relative image URLs.
 */
export function parseChannelFeed(xml: string, channelId: string, base: string): ChannelFeed {
  const feed = parseXml(xml);
  if (feed.name !== 'feed') throw new MalformedBody(`expected an Atom <feed>, got <${feed.name}>`);
  const channelName = child(child(feed, 'author'), 'name')?.text.trim() || child(feed, 'title')?.text.trim() || null;
  return { channelName, videos: childrenNamed(feed, 'entry').map((entry, index) => entryVideo(entry, channelId, channelName, index, base)) };
}
