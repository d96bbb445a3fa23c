import type { Thumbnail } from './catalog-records.js';

/**
 * A playlist's entries joined to the catalog's videos: the statement and row shapes shared by the
 * catalog's own (upstream) playlists and the Invidious dialect's playlists (`playlist_videos`),
 * whose repository builds its entry reads with `entryQuery` too.
 */

/** The catalog's fields of an entry's video, or null when the catalog does not have it. */
export interface EntryVideo {
  title: string | null;
  channelId: string;
  author: string | null;
  thumbnails: Thumbnail[] | null;
  lengthSeconds: number | null;
  liveNow: boolean | null;
}

export interface EntryRow {
  position: number;
  videoId: string;
  video: EntryVideo | null;
}

/** A row of `entryQuery`; `index_id` only for `playlist_videos`. */
export interface RawEntry {
  playlist_id: string;
  position: number;
  index_id?: string;
  video_id: string;
  title: string | null;
  channel_id: string | null;
  author: string | null;
  thumbnails: Thumbnail[] | null;
  length_seconds: number | null;
  live_now: boolean | null;
}

/** An entry with its video's catalog fields (null when the catalog does not hold the video). */
export const entryQuery = (table: 'playlist_videos' | 'upstream_playlist_videos', where: string) => `
  SELECT e.playlist_id, e.position, ${table === 'playlist_videos' ? 'e.index_id::text AS index_id,' : ''} e.video_id,
         v.title, v.channel_id, COALESCE(v.channel_name, c.name) AS author, v.thumbnails, v.length_seconds, v.live_now
  FROM ${table} e
  LEFT JOIN videos v ON v.id = e.video_id
  LEFT JOIN channels c ON c.id = v.channel_id
  WHERE ${where}
  ORDER BY e.playlist_id, e.position`;

export function toEntry(row: RawEntry): EntryRow {
  return {
    position: row.position,
    videoId: row.video_id,
    video:
      row.channel_id === null
        ? null
        : {
            title: row.title,
            channelId: row.channel_id,
            author: row.author,
            thumbnails: row.thumbnails,
            lengthSeconds: row.length_seconds,
            liveNow: row.live_now,
          },
  };
}
