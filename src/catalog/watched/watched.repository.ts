import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { KeyedBatcher } from '../../platform/database/keyed-batcher.js';

/**
 * Rows one user's watched state may hold (docs/dialects/invidious.md#history). Each statement that
 * adds rows drops the oldest beyond this in the same transaction, so the table, the export and the
 * feed's `unseen_only` filter stay bounded however the rows arrive.
 */
export const MAX_WATCHED_PER_USER = 10_000;

/** First key of the per-user advisory lock that serialises additions with their trim (any constant unique to this table). */
const WATCHED_LOCK_CLASS = 0x77617463; // 'watc'

/** The catalog videos of a tubevault playlist (the Invidious dialect's `playlists`); `$2` is the playlist id. */
const LOCAL_PLAYLIST_VIDEOS = 'SELECT DISTINCT pv.video_id FROM playlist_videos pv JOIN videos v ON v.id = pv.video_id WHERE pv.playlist_id = $2';

/**
 * Every statement about `watched`. A statement that marks videos watched also takes them off the
 * user's feed notification list (`feed_notifications`, the Invidious dialect's table) in the same
 * statement: the core cannot call the dialect, and a watched video is no longer news. Methods
 * that take a `manager` run inside the caller's transaction.
 *
 * TubeArchivist's watched cascade over tubevault's own playlists reads those playlists here too:
 * they belong to the Invidious dialect, and a dialect never imports the other.
 */
@Injectable()
export class WatchedRepository {
  /**
   * One user's additions made outside a caller's transaction wait here, not on pooled connections,
   * and those that arrive together are written in one transaction (see KeyedBatcher).
   */
  private readonly marks = new KeyedBatcher<number, string>((userId, videoIds) =>
    this.bounded(userId, undefined, (m) => this.insertMarks(m, userId, [...new Set(videoIds)])),
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `add` and then drops the user's oldest rows beyond {@link MAX_WATCHED_PER_USER}, in one
   * transaction (the caller's, when given) under a per-user advisory lock: two additions at once
   * would otherwise each trim against a count that misses the other's rows.
   */
  private async bounded(userId: number, manager: EntityManager | undefined, add: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    const run = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock($1, $2)', [WATCHED_LOCK_CLASS, userId]);
      await add(m);
      await m.query(
        `DELETE FROM watched w USING (
           SELECT watched_at, video_id FROM watched WHERE user_id = $1
           ORDER BY watched_at DESC, video_id DESC OFFSET $2 LIMIT 1
         ) edge
         WHERE w.user_id = $1 AND (w.watched_at, w.video_id) <= (edge.watched_at, edge.video_id)`,
        [userId, MAX_WATCHED_PER_USER],
      );
    };
    if (manager) await run(manager);
    else await this.dataSource.transaction(run);
  }

  /** Watched now (each becomes the newest history entry); off the notification list. */
  async mark(userId: number, videoIds: string[], manager?: EntityManager): Promise<void> {
    if (manager) await this.bounded(userId, manager, (m) => this.insertMarks(m, userId, videoIds));
    else await this.marks.add(userId, videoIds);
  }

  private insertMarks(manager: EntityManager, userId: number, videoIds: string[]): Promise<unknown> {
    return manager.query(
      `WITH marked AS (
         INSERT INTO watched (user_id, video_id, watched_at)
         SELECT $1, video_id, now() FROM unnest($2::text[]) AS i(video_id)
         ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = EXCLUDED.watched_at
       )
       DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])`,
      [userId, videoIds],
    );
  }

  async unmark(userId: number, videoIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('DELETE FROM watched WHERE user_id = $1 AND video_id = ANY($2::text[])', [userId, videoIds]);
  }

  /** Every catalog video of a channel, in one statement. */
  async setChannelWatched(userId: number, channelId: string, watched: boolean): Promise<void> {
    await this.setAllWatched(userId, 'SELECT id FROM videos WHERE channel_id = $2', channelId, watched);
  }

  /** Every video of a catalog (upstream) playlist, in one statement. */
  async setPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    await this.setAllWatched(userId, 'SELECT DISTINCT video_id FROM upstream_playlist_videos WHERE playlist_id = $2', playlistId, watched);
  }

  /** Every catalog video of a tubevault playlist, in one statement. */
  async setLocalPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    await this.setAllWatched(userId, LOCAL_PLAYLIST_VIDEOS, playlistId, watched);
  }

  /** Whether the tubevault playlist is there for the user: their own, or anyone's unless private. */
  async localPlaylistVisible(playlistId: string, userId: number): Promise<boolean> {
    const [{ found }]: { found: boolean }[] = await this.dataSource.query(
      "SELECT EXISTS (SELECT 1 FROM playlists WHERE id = $1 AND (user_id = $2 OR privacy <> 'private')) AS found",
      [playlistId, userId],
    );
    return found;
  }

  /** When each of `videoIds` the user has watched was watched. */
  async watchedAt(userId: number, videoIds: string[]): Promise<{ video_id: string; watched_at: Date }[]> {
    return this.dataSource.query('SELECT video_id, watched_at FROM watched WHERE user_id = $1 AND video_id = ANY($2::text[])', [userId, videoIds]);
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

  /** The whole history, oldest first. */
  async history(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { video_id: string }[] = await manager.query('SELECT video_id FROM watched WHERE user_id = $1 ORDER BY watched_at, video_id', [userId]);
    return rows.map((row) => row.video_id);
  }

  /**
   * Appends `videoIds` (oldest first) after the existing entries, a microsecond apart and ending
   * now; videos already watched keep their place. Off the notification list.
   */
  async importHistory(manager: EntityManager, userId: number, videoIds: string[]): Promise<void> {
    await this.bounded(userId, manager, (m) =>
      m.query(
        `WITH imported AS (
           INSERT INTO watched (user_id, video_id, watched_at)
           SELECT $1, i.video_id, now() - (cardinality($2::text[]) - i.position) * interval '1 microsecond'
           FROM unnest($2::text[]) WITH ORDINALITY AS i(video_id, position)
           ON CONFLICT DO NOTHING
         )
         DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = ANY($2::text[])`,
        [userId, videoIds],
      ),
    );
  }

  /**
   * `videos` selects the ids with `$2` as its parameter; one statement either way. Marking keeps
   * the dates of videos already watched.
   */
  private async setAllWatched(userId: number, videos: string, id: string, watched: boolean): Promise<void> {
    if (!watched) {
      await this.dataSource.query(`DELETE FROM watched WHERE user_id = $1 AND video_id IN (${videos})`, [userId, id]);
      return;
    }
    await this.bounded(userId, undefined, (m) =>
      m.query(
        `WITH targets (video_id) AS (${videos}),
         marked AS (
           INSERT INTO watched (user_id, video_id) SELECT $1, video_id FROM targets ON CONFLICT DO NOTHING
         )
         DELETE FROM feed_notifications WHERE user_id = $1 AND video_id IN (SELECT video_id FROM targets)`,
        [userId, id],
      ),
    );
  }
}
