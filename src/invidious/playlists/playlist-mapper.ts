import { authorThumbnails, descriptionHtml, videoThumbnails, type AuthorImage, type VideoListing, type VideoThumbnail } from '../catalog/video-mapper.js';
import type { EntryRow } from '../../catalog/media/playlist-entries.js';
import type { UpstreamPlaylistRow } from '../../catalog/media/upstream-playlists.repository.js';
import { formatIndexId } from '../../catalog/media/playlist-ids.js';
import type { Privacy } from './playlist-rules.js';

/**
 * Playlist rows as Invidious JSON (docs/dialects/invidious.md#playlists, #public-playlists). Entry fields come from the catalog
 * through the catalog's mapper helpers (thumbnails, HTML descriptions); an entry whose video the
 * catalog does not hold (yet) keeps its place with empty fields. Pure.
 */

export type { EntryRow, EntryVideo } from '../../catalog/media/playlist-entries.js';
export type { UpstreamPlaylistRow } from '../../catalog/media/upstream-playlists.repository.js';

export interface LocalEntryRow extends EntryRow {
  indexId: bigint;
}

export interface PlaylistRow {
  id: string;
  userId: number;
  /** The owner's username. */
  author: string;
  title: string;
  description: string;
  privacy: Privacy;
  updatedAt: Date;
  videoCount: number;
}

export interface UpstreamPlaylistVideo extends VideoListing {
  videoThumbnails: VideoThumbnail[];
  index: number;
  lengthSeconds: number;
  liveNow: boolean;
}

export interface PlaylistVideo extends UpstreamPlaylistVideo {
  indexId: string;
}

interface PlaylistCommon {
  title: string;
  description: string;
  descriptionHtml: string;
  videoCount: number;
  viewCount: number;
  updated: number;
}

export interface InvidiousPlaylist extends PlaylistCommon {
  type: 'invidiousPlaylist';
  playlistId: string;
  author: string;
  authorId: null;
  authorUrl: null;
  authorThumbnails: never[];
  isListed: boolean;
  videos: PlaylistVideo[];
}

export interface UpstreamPlaylist extends PlaylistCommon {
  type: 'playlist';
  playlistId: string;
  playlistThumbnail: string;
  author: string;
  authorId: string;
  authorUrl: string;
  subtitle: null;
  authorThumbnails: AuthorImage[];
  isListed: boolean;
  videos: UpstreamPlaylistVideo[];
}

export interface CreatedPlaylist {
  title: string;
  playlistId: string;
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const channelUrl = (channelId: string | null) => (channelId ? `/channel/${channelId}` : '');

// The two entry shapes are written out as literals: a playlist maps 100 entries per read, and
// rest/spread copies of each entry cost more than the rest of the mapping.

export function toUpstreamPlaylistVideo({ position, videoId, video }: EntryRow): UpstreamPlaylistVideo {
  const channelId = video?.channelId ?? null;
  return {
    type: 'video',
    title: video?.title ?? '',
    videoId,
    author: video?.author ?? '',
    authorId: channelId ?? '',
    authorUrl: channelUrl(channelId),
    videoThumbnails: videoThumbnails({ id: videoId, thumbnails: video?.thumbnails ?? null }),
    index: position,
    lengthSeconds: video?.lengthSeconds ?? 0,
    liveNow: video?.liveNow ?? false,
  };
}

export function toPlaylistVideo({ position, indexId, videoId, video }: LocalEntryRow): PlaylistVideo {
  const channelId = video?.channelId ?? null;
  return {
    type: 'video',
    title: video?.title ?? '',
    videoId,
    author: video?.author ?? '',
    authorId: channelId ?? '',
    authorUrl: channelUrl(channelId),
    videoThumbnails: videoThumbnails({ id: videoId, thumbnails: video?.thumbnails ?? null }),
    index: position,
    // Invidious's key order: indexId follows index.
    indexId: formatIndexId(indexId),
    lengthSeconds: video?.lengthSeconds ?? 0,
    liveNow: video?.liveNow ?? false,
  };
}

export function toInvidiousPlaylist(playlist: PlaylistRow, entries: LocalEntryRow[]): InvidiousPlaylist {
  return {
    type: 'invidiousPlaylist',
    title: playlist.title,
    playlistId: playlist.id,
    author: playlist.author,
    authorId: null,
    authorUrl: null,
    authorThumbnails: [],
    description: playlist.description,
    descriptionHtml: descriptionHtml(playlist.description),
    videoCount: playlist.videoCount,
    viewCount: 0,
    updated: unix(playlist.updatedAt),
    isListed: playlist.privacy === 'public',
    videos: entries.map(toPlaylistVideo),
  };
}

export function toUpstreamPlaylist(playlist: UpstreamPlaylistRow, entries: EntryRow[], firstVideoId: string | null): UpstreamPlaylist {
  const description = playlist.description ?? '';
  return {
    type: 'playlist',
    title: playlist.title ?? '',
    playlistId: playlist.id,
    playlistThumbnail: playlist.thumbnailUrl ?? (firstVideoId ? `https://i.ytimg.com/vi/${firstVideoId}/hqdefault.jpg` : ''),
    author: playlist.author ?? '',
    authorId: playlist.channelId ?? '',
    authorUrl: channelUrl(playlist.channelId),
    subtitle: null,
    authorThumbnails: authorThumbnails(playlist.channelThumbnails),
    description,
    descriptionHtml: descriptionHtml(description),
    videoCount: playlist.videoCount,
    viewCount: 0,
    updated: unix(playlist.updatedAt),
    isListed: true,
    videos: entries.map(toUpstreamPlaylistVideo),
  };
}
