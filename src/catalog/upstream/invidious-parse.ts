import type { ChannelRecord, PlaylistRecord, VideoRecord } from '../media/catalog-records.js';
import { CHANNEL_ID, isChannelId, isVideoId, VIDEO_ID } from '../media/ids.js';
import {
  absoluteUrl,
  asObject,
  optionalBoolean,
  optionalCount,
  optionalImages,
  optionalString,
  optionalThumbnails,
  optionalUnixDate,
  requiredArray,
  requiredString,
} from './json-fields.js';

/**
 * Invidious's public JSON API (api/v1) → catalog records. Fields the catalog depends on are
 * required (a body without them is malformed); the others are read when present and well typed.
 * `base` is the instance URL that relative image URLs are resolved against.
 */

/** GET /api/v1/videos/:id */
export function parseVideo(json: unknown, base: string): VideoRecord {
  const o = asObject(json, 'video');
  const id = requiredString(o, 'videoId', 'video', VIDEO_ID);
  return {
    id,
    channelId: requiredString(o, 'authorId', `video ${id}`, CHANNEL_ID),
    channelName: optionalString(o, 'author'),
    channelThumbnails: optionalImages(o, 'authorThumbnails', base),
    title: requiredString(o, 'title', `video ${id}`),
    description: optionalString(o, 'description'),
    published: optionalUnixDate(o, 'published'),
    publishedIsApproximate: false,
    lengthSeconds: optionalCount(o, 'lengthSeconds'),
    viewCount: optionalCount(o, 'viewCount'),
    likeCount: optionalCount(o, 'likeCount'),
    thumbnails: optionalThumbnails(o, 'videoThumbnails', base),
    genre: optionalString(o, 'genre') || null,
    liveNow: optionalBoolean(o, 'liveNow'),
    isUpcoming: optionalBoolean(o, 'isUpcoming'),
    premiereAt: optionalUnixDate(o, 'premiereTimestamp'),
  };
}

/** GET /api/v1/channels/:ucid */
export function parseChannel(json: unknown, base: string): ChannelRecord {
  const o = asObject(json, 'channel');
  const id = requiredString(o, 'authorId', 'channel', CHANNEL_ID);
  return {
    id,
    name: requiredString(o, 'author', `channel ${id}`),
    description: optionalString(o, 'description'),
    thumbnails: optionalImages(o, 'authorThumbnails', base),
    banners: optionalImages(o, 'authorBanners', base),
    subscriberCount: optionalCount(o, 'subCount'),
    totalViews: optionalCount(o, 'totalViews'),
    joined: optionalUnixDate(o, 'joined'),
  };
}

export interface ParsedChannelPage {
  videos: VideoRecord[];
  continuation: string | null;
}

/**
 * GET /api/v1/channels/:ucid/videos. Channel pages show only a description snippet and a relative
 * date ("3 days ago"), so the description is left unknown and the date marked approximate.
 */
export function parseChannelVideosPage(json: unknown, base: string, ucid: string): ParsedChannelPage {
  const o = asObject(json, 'channel videos page');
  const videos = requiredArray(o, 'videos', 'channel videos page').map((item, index): VideoRecord => {
    const v = asObject(item, `channel videos page: item ${index}`);
    const id = requiredString(v, 'videoId', `channel videos page: item ${index}`, VIDEO_ID);
    return {
      id,
      channelId: isChannelId(v.authorId) ? v.authorId : ucid,
      channelName: optionalString(v, 'author'),
      channelThumbnails: null,
      title: requiredString(v, 'title', `channel videos page: video ${id}`),
      description: null,
      published: optionalUnixDate(v, 'published'),
      publishedIsApproximate: true,
      lengthSeconds: optionalCount(v, 'lengthSeconds'),
      viewCount: optionalCount(v, 'viewCount'),
      likeCount: null,
      thumbnails: optionalThumbnails(v, 'videoThumbnails', base),
      genre: null,
      liveNow: optionalBoolean(v, 'liveNow'),
      isUpcoming: optionalBoolean(v, 'isUpcoming'),
      premiereAt: optionalUnixDate(v, 'premiereTimestamp'),
    };
  });
  const continuation = optionalString(o, 'continuation');
  return { videos, continuation: continuation || null };
}

export interface PlaylistPage {
  playlist: Omit<PlaylistRecord, 'videos'>;
  videoCount: number | null;
  /** Entries by their position in the whole playlist (pages overlap: Invidious windows them). */
  entries: { index: number; video: VideoRecord }[];
}

/**
 * GET /api/v1/playlists/:plid?page=N. Entries without a usable video or channel id (deleted or
 * private videos) are skipped.
 */
export function parsePlaylistPage(json: unknown, base: string): PlaylistPage {
  const o = asObject(json, 'playlist');
  const id = requiredString(o, 'playlistId', 'playlist');
  const authorId = optionalString(o, 'authorId');
  const entries: PlaylistPage['entries'] = [];
  requiredArray(o, 'videos', `playlist ${id}`).forEach((item, position) => {
    const v = asObject(item, `playlist ${id}: entry ${position}`);
    if (!isVideoId(v.videoId) || !isChannelId(v.authorId)) return;
    entries.push({
      index: optionalCount(v, 'index') ?? position,
      video: {
        id: v.videoId,
        channelId: v.authorId,
        channelName: optionalString(v, 'author'),
        channelThumbnails: null,
        title: optionalString(v, 'title'),
        description: null,
        published: null,
        publishedIsApproximate: false,
        lengthSeconds: optionalCount(v, 'lengthSeconds'),
        viewCount: null,
        likeCount: null,
        thumbnails: optionalThumbnails(v, 'videoThumbnails', base),
        genre: null,
        liveNow: optionalBoolean(v, 'liveNow'),
        isUpcoming: null,
        premiereAt: null,
      },
    });
  });
  return {
    playlist: {
      id,
      title: requiredString(o, 'title', `playlist ${id}`),
      author: optionalString(o, 'author'),
      channelId: isChannelId(authorId) ? authorId : null,
      description: optionalString(o, 'description'),
      thumbnailUrl: absoluteUrl(o.playlistThumbnail, base),
    },
    videoCount: optionalCount(o, 'videoCount'),
    entries,
  };
}
