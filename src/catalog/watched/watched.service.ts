import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Per-user watched state (`watched`), one table for both dialects: Invidious history, TubeArchivist
 * `POST /api/watched/` and `player.watched`, and the feed's `unseen_only`. Video ids need not be in
 * the catalog. Marking a video watched also takes it off the user's feed notification list, in the
 * same statement (docs/dialects/invidious.md#feed). Nothing here checks the `watch_history` preference: that is
 * the Invidious history routes' rule.
 */
@Injectable()
export class WatchedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Watched now: each becomes the newest history entry. */
  async mark(userId: number, videoIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (videoIds.length === 0) return;
    await manager.query(
      `WITH marked AS (
         INSERT INTO watched (user_id, video_id, watched_at)
         SELECT $1, video_id, now() FROM unnest($2::text[]) AS i(video_id)
         ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = EXCLUDED.watched_at
       )
       DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])`,
      [userId, [...new Set(videoIds)]],
    );
  }

  async unmark(userId: number, videoIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (videoIds.length === 0) return;
    await manager.query('DELETE FROM watched WHERE user_id = $1 AND video_id = ANY($2::text[])', [userId, videoIds]);
  }

  /**
   * Every catalog video of a channel, in one statement. Marking keeps the dates of videos already
   * watched (the history order stays as it was).
   */
  async setChannelWatched(userId: number, channelId: string, watched: boolean): Promise<void> {
    await this.setAllWatched(userId, 'SELECT id FROM videos WHERE channel_id = $2', channelId, watched);
  }

  /** Every video of a catalog (upstream) playlist, in one statement; as `setChannelWatched`. */
  async setPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    await this.setAllWatched(userId, 'SELECT DISTINCT video_id FROM upstream_playlist_videos WHERE playlist_id = $2', playlistId, watched);
  }

  /** When each of `videoIds` the user has watched was watched (TubeArchivist's `player.watched_date`). */
  async watchedAt(userId: number, videoIds: string[]): Promise<Map<string, Date>> {
    if (videoIds.length === 0) return new Map();
    const rows: { video_id: string; watched_at: Date }[] = await this.dataSource.query(
      'SELECT video_id, watched_at FROM watched WHERE user_id = $1 AND video_id = ANY($2::text[])',
      [userId, videoIds],
    );
    return new Map(rows.map((row) => [row.video_id, row.watched_at]));
  }

  /** Newest first. */
  async page(userId: number, limit: number, offset: number): Promise<string[]> {
    const rows: { video_id: string }[] = await this.dataSource.query(
      'SELECT video_id FROM watched WHERE user_id = $1 ORDER BY watched_at DESC, video_id DESC LIMIT $2 OFFSET $3',
      [userId, limit, offset],
    );
    return rows.map((row) => row.video_id);
  }

  async clear(userId: number): Promise<void> {
    await this.dataSource.query('DELETE FROM watched WHERE user_id = $1', [userId]);
  }

  /** The whole history, oldest first (Invidious's export order). */
  async history(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { video_id: string }[] = await manager.query(
      'SELECT video_id FROM watched WHERE user_id = $1 ORDER BY watched_at, video_id',
      [userId],
    );
    return rows.map((row) => row.video_id);
  }

  /**
   * An imported history (oldest first), inside the import's transaction: appended after the existing
   * entries in its own order (a microsecond apart, ending now); videos already watched keep their
   * place, as Invidious's import keeps the first occurrence.
   */
  async importHistory(manager: EntityManager, userId: number, videoIds: string[]): Promise<void> {
    const ids = [...new Set(videoIds)];
    if (ids.length === 0) return;
    await manager.query(
      `WITH imported AS (
         INSERT INTO watched (user_id, video_id, watched_at)
         SELECT $1, i.video_id, now() - (cardinality($2::text[]) - i.position) * interval '1 microsecond'
         FROM unnest($2::text[]) WITH ORDINALITY AS i(video_id, position)
         ON CONFLICT DO NOTHING
       )
       DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])`,
      [userId, ids],
    );
  }

  /** `videos` selects the ids with `$2` as its parameter; one statement either way. */
  private async setAllWatched(userId: number, videos: string, id: string, watched: boolean): Promise<void> {
    const sql = watched
      ? `WITH targets (video_id) AS (${videos}),
         marked AS (
           INSERT INTO watched (user_id, video_id) SELECT $1, video_id FROM targets ON CONFLICT DO NOTHING
         )
         DELETE FROM feed_notifications WHERE user_id = $1 AND video_id IN (SELECT video_id FROM targets)`
      : `DELETE FROM watched WHERE user_id = $1 AND video_id IN (${videos})`;
    await this.dataSource.query(sql, [userId, id]);
  }
}
