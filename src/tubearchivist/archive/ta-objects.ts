/**
 * TubeArchivist's video, channel and playlist objects (docs/dialects/tubearchivist.md#result-objects),
 * shared by search and the detail routes. Pure: rows in, JSON out. Keys are emitted in the
 * spec's order (ASCII, then `_index`, `_score`), which is the order of the literals below.
 */

export const TA_INDEX = { video: 'ta_video', channel: 'ta_channel', playlist: 'ta_playlist' } as const;

/** The `config` of TA v0.4's detail envelope; clients do not read it. */
export const taDetailConfig = () => ({ enable_cast: false, downloads: {} });

export interface TaChannelRow {
  id: string;
  name: string | null;
  description: string | null;
  subscriberCount: number | null;
  missingUpstream: boolean;
  createdAt: Date;
  lastRefreshedAt: Date | null;
  /** The caller subscribes to it. */
  subscribed: boolean;
}

export interface TaVideoRow {
  id: string;
  title: string | null;
  description: string | null;
  published: Date | null;
  lengthSeconds: number | null;
  viewCount: number | null;
  likeCount: number | null;
  genre: string | null;
  liveNow: boolean | null;
  isUpcoming: boolean | null;
  missingUpstream: boolean;
  createdAt: Date;
  lastRefreshedAt: Date | null;
  channel: TaChannelRow;
  /** Catalog playlists holding the video. */
  playlistIds: string[];
  /** When the caller marked it watched, or null. */
  watchedAt: Date | null;
}

export interface TaPlaylistEntryRow {
  videoId: string;
  title: string | null;
  uploader: string | null;
  /** The video is in the catalog. */
  inCatalog: boolean;
}

export interface TaPlaylistRow {
  id: string;
  title: string | null;
  author: string | null;
  channelId: string | null;
  description: string | null;
  missingUpstream: boolean;
  createdAt: Date;
  lastRefreshedAt: Date | null;
  /** In playlist order. */
  entries: TaPlaylistEntryRow[];
}

export interface TaChannel {
  channel_active: boolean;
  channel_banner_url: string;
  channel_description: string;
  channel_id: string;
  channel_last_refresh: string;
  channel_name: string;
  channel_subs: number;
  channel_subscribed: boolean;
  channel_tags: string[];
  channel_thumb_url: string;
  channel_tvart_url: string;
  channel_views: number;
}

export interface TaPlayer {
  duration: number;
  duration_str: string;
  watched: boolean;
  watched_date?: number;
}

export interface TaVideo {
  active: boolean;
  category: string[];
  channel: TaChannel;
  date_downloaded: number;
  description: string;
  media_url: null;
  player: TaPlayer;
  playlist: string[];
  published: string;
  stats: { average_rating: null; dislike_count: number; like_count: number; view_count: number };
  tags: string[];
  title: string;
  vid_last_refresh: string;
  vid_thumb_url: string;
  vid_type: 'videos' | 'streams';
  youtube_id: string;
}

export interface TaPlaylistEntry {
  youtube_id: string;
  title: string | null;
  uploader: string | null;
  idx: number;
  downloaded: boolean;
}

export interface TaPlaylist {
  playlist_active: boolean;
  playlist_channel: string;
  playlist_channel_id: string;
  playlist_description: string;
  playlist_entries: TaPlaylistEntry[];
  playlist_id: string;
  playlist_last_refresh: string;
  playlist_name: string;
  playlist_subscribed: false;
  playlist_thumbnail: string;
  playlist_type: 'regular';
}

export type Scored<T, I extends string> = T & { _index: I; _score: number };

/** Root-relative art paths, served as redirects by the art controller. */
export const videoArtPath = (id: string) => `/cache/videos/${id[0].toLowerCase()}/${id}.jpg`;
export const channelArtPath = (id: string, kind: 'thumb' | 'banner' | 'tvart') => `/cache/channels/${id}_${kind}.jpg`;
export const playlistArtPath = (id: string) => `/cache/playlists/${id}.jpg`;

const UNITS: [letter: string, seconds: number][] = [
  ['y', 365 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** TA's `duration_str`: 65 → "1m 05s", 3605 → "1h 05s", 3725 → "1h 02m 05s", 0 → "NA". */
export function durationStr(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const [letter, seconds] of UNITS) {
    const count = Math.floor(rest / seconds);
    if (count === 0) continue;
    rest -= count * seconds;
    parts.push(`${String(count).padStart(2, '0')}${letter}`);
  }
  if (parts.length === 0) return 'NA';
  parts[0] = parts[0].replace(/^0/, '');
  return parts.join(' ');
}

/** `YYYY-MM-DD` in UTC, the form Plex parses. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Dates clients parse are never null: an item not refreshed yet (or without a known upload date)
 * shows the day it entered the catalog.
 */
const dayOr = (date: Date | null, fallback: Date) => isoDay(date ?? fallback);

export function toTaChannel(channel: TaChannelRow): TaChannel {
  return {
    channel_active: !channel.missingUpstream,
    channel_banner_url: channelArtPath(channel.id, 'banner'),
    channel_description: channel.description ?? '',
    channel_id: channel.id,
    channel_last_refresh: dayOr(channel.lastRefreshedAt, channel.createdAt),
    channel_name: channel.name ?? '',
    channel_subs: channel.subscriberCount ?? 0,
    channel_subscribed: channel.subscribed,
    channel_tags: [],
    channel_thumb_url: channelArtPath(channel.id, 'thumb'),
    channel_tvart_url: channelArtPath(channel.id, 'tvart'),
    channel_views: 0,
  };
}

export function toTaVideo(video: TaVideoRow): TaVideo {
  const duration = video.lengthSeconds ?? 0;
  return {
    active: !video.missingUpstream,
    category: video.genre ? [video.genre] : [],
    channel: toTaChannel(video.channel),
    date_downloaded: epochSeconds(video.createdAt),
    description: video.description ?? '',
    media_url: null,
    player: {
      duration,
      duration_str: durationStr(duration),
      watched: video.watchedAt !== null,
      ...(video.watchedAt ? { watched_date: epochSeconds(video.watchedAt) } : {}),
    },
    playlist: video.playlistIds,
    published: dayOr(video.published, video.createdAt),
    stats: { average_rating: null, dislike_count: 0, like_count: video.likeCount ?? 0, view_count: video.viewCount ?? 0 },
    tags: [],
    title: video.title ?? '',
    vid_last_refresh: dayOr(video.lastRefreshedAt, video.createdAt),
    vid_thumb_url: videoArtPath(video.id),
    vid_type: video.liveNow || video.isUpcoming ? 'streams' : 'videos',
    youtube_id: video.id,
  };
}

export function toTaPlaylist(playlist: TaPlaylistRow): TaPlaylist {
  return {
    playlist_active: !playlist.missingUpstream,
    playlist_channel: playlist.author ?? '',
    playlist_channel_id: playlist.channelId ?? '',
    playlist_description: playlist.description ?? '',
    playlist_entries: playlist.entries.map((entry, idx) => ({
      youtube_id: entry.videoId,
      title: entry.title,
      uploader: entry.uploader,
      idx,
      downloaded: entry.inCatalog,
    })),
    playlist_id: playlist.id,
    playlist_last_refresh: dayOr(playlist.lastRefreshedAt, playlist.createdAt),
    playlist_name: playlist.title ?? '',
    playlist_subscribed: false,
    playlist_thumbnail: playlistArtPath(playlist.id),
    playlist_type: 'regular',
  };
}

export const scored = <T, I extends string>(object: T, index: I, score: number): Scored<T, I> => ({ ...object, _index: index, _score: score });
