import { isChannelId, isUpstreamPlaylistId, isVideoId } from '../../catalog/media/ids.js';
import { LOCAL_PLAYLIST_ID } from '../../catalog/media/playlist-ids.js';

/** `POST /api/watched/`'s body (docs/dialects/tubearchivist.md#watched). Pure: no Nest, no database. */

export const WATCHED_MESSAGES = {
  missing: 'missing id or is_watched',
  types: 'id must be a string and is_watched a boolean',
  invalidId: 'invalid id: not a video, channel or playlist id',
} as const;

export type WatchedTarget =
  | { kind: 'video'; id: string }
  | { kind: 'channel'; id: string }
  /** `local`: one of tubevault's own `IVPL…` playlists, else an upstream playlist of the catalog. */
  | { kind: 'playlist'; id: string; local: boolean };

export interface WatchedRequest {
  target: WatchedTarget;
  watched: boolean;
}

export class WatchedRequestError extends Error {}

/** The id's kind, tried as video, then channel, then playlist; null for anything else (`@handle`, URLs, `LL`…). */
export function watchedTargetOf(id: string): WatchedTarget | null {
  if (isVideoId(id)) return { kind: 'video', id };
  if (isChannelId(id)) return { kind: 'channel', id };
  if (isUpstreamPlaylistId(id)) return { kind: 'playlist', id, local: false };
  if (LOCAL_PLAYLIST_ID.test(id)) return { kind: 'playlist', id, local: true };
  return null;
}

export function parseWatchedBody(body: unknown): WatchedRequest {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const { id, is_watched: isWatched } = fields;
  if (id === undefined || id === null || id === '' || isWatched === undefined || isWatched === null) throw new WatchedRequestError(WATCHED_MESSAGES.missing);
  if (typeof id !== 'string' || typeof isWatched !== 'boolean') throw new WatchedRequestError(WATCHED_MESSAGES.types);
  const target = watchedTargetOf(id);
  if (!target) throw new WatchedRequestError(WATCHED_MESSAGES.invalidId);
  return { target, watched: isWatched };
}
