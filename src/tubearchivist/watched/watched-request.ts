import { isChannelId, isUpstreamPlaylistId, isVideoId } from '../../catalog/media/ids.js';
import { LOCAL_PLAYLIST_ID } from '../../catalog/media/playlist-ids.js';

/** `POST /api/watched/`'s rules (docs/dialects/tubearchivist.md#watched). Pure: no Nest, no database. */

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

/** The id's kind, tried as video, then channel, then playlist; null for anything else (`@handle`, URLs, `LL`…). */
export function watchedTargetOf(id: string): WatchedTarget | null {
  if (isVideoId(id)) return { kind: 'video', id };
  if (isChannelId(id)) return { kind: 'channel', id };
  if (isUpstreamPlaylistId(id)) return { kind: 'playlist', id, local: false };
  if (LOCAL_PLAYLIST_ID.test(id)) return { kind: 'playlist', id, local: true };
  return null;
}
