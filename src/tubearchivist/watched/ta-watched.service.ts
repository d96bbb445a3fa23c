import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WatchedService } from '../../catalog/watched/watched.service.js';
import { taMessageError } from '../archive/ta-errors.js';
import type { WatchedTarget } from './watched-request.js';

/**
 * Whether the target is there for the caller: catalog items are everyone's (`$1` is the id); a
 * tubevault playlist is its owner's (`$2`), or anyone's unless private (invidious.md §6.5).
 */
const EXISTS = {
  video: 'SELECT EXISTS (SELECT 1 FROM videos WHERE id = $1) AS found',
  channel: 'SELECT EXISTS (SELECT 1 FROM channels WHERE id = $1) AS found',
  playlist: 'SELECT EXISTS (SELECT 1 FROM upstream_playlists WHERE id = $1) AS found',
  localPlaylist: "SELECT EXISTS (SELECT 1 FROM playlists WHERE id = $1 AND (user_id = $2 OR privacy <> 'private')) AS found",
} as const;

/** The catalog videos of a tubevault playlist; `$2` is the playlist id. */
const LOCAL_PLAYLIST_VIDEOS = 'SELECT DISTINCT pv.video_id FROM playlist_videos pv JOIN videos v ON v.id = pv.video_id WHERE pv.playlist_id = $2';

/**
 * `POST /api/watched/` (tubearchivist.md §3.5): the caller's own watched state, in the rows the
 * Invidious history shares (WatchedService). A channel or playlist cascades to its videos in one
 * statement.
 */
@Injectable()
export class TaWatchedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly watched: WatchedService,
  ) {}

  async setWatched(target: WatchedTarget, watched: boolean, userId: number): Promise<{ message: 'success' }> {
    const local = target.kind === 'playlist' && target.local;
    const [{ found }]: { found: boolean }[] = await this.dataSource.query(
      local ? EXISTS.localPlaylist : EXISTS[target.kind],
      local ? [target.id, userId] : [target.id],
    );
    if (!found) throw taMessageError(404, `${target.kind} not found: ${target.id}`);

    switch (target.kind) {
      case 'video':
        await (watched ? this.watched.mark(userId, [target.id]) : this.watched.unmark(userId, [target.id]));
        break;
      case 'channel':
        await this.watched.setChannelWatched(userId, target.id, watched);
        break;
      case 'playlist':
        await (target.local ? this.setLocalPlaylistWatched(userId, target.id, watched) : this.watched.setPlaylistWatched(userId, target.id, watched));
    }
    return { message: 'success' };
  }

  /**
   * WatchedService cascades over catalog channels and playlists only; tubevault's own playlists
   * get the same single statement here (marking keeps the dates of videos already watched).
   */
  private async setLocalPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    const sql = watched
      ? `WITH targets (video_id) AS (${LOCAL_PLAYLIST_VIDEOS}),
         marked AS (INSERT INTO watched (user_id, video_id) SELECT $1, video_id FROM targets ON CONFLICT DO NOTHING)
         DELETE FROM feed_notifications WHERE user_id = $1 AND video_id IN (SELECT video_id FROM targets)`
      : `DELETE FROM watched WHERE user_id = $1 AND video_id IN (${LOCAL_PLAYLIST_VIDEOS})`;
    await this.dataSource.query(sql, [userId, playlistId]);
  }
}
