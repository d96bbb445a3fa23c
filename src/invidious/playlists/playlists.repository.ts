import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entryQuery, toEntry, type RawEntry } from '../../catalog/media/playlist-entries.js';
import type { LocalEntryRow, PlaylistRow } from './playlist-mapper.js';
import { newIndexId } from '../../catalog/media/playlist-ids.js';
import type { ImportedPlaylist, Privacy } from './playlist-rules.js';

interface RawPlaylist {
  id: string;
  user_id: number;
  username: string;
  title: string;
  description: string;
  privacy: Privacy;
  updated_at: Date;
  video_count: number;
}

const PLAYLIST_COLUMNS = `p.id, p.user_id, u.username, p.title, p.description, p.privacy, p.updated_at,
  (SELECT count(*)::int FROM playlist_videos pv WHERE pv.playlist_id = p.id) AS video_count`;

const toLocalEntry = (row: RawEntry): LocalEntryRow => ({ ...toEntry(row), indexId: BigInt(row.index_id!) });

const toPlaylist = (row: RawPlaylist): PlaylistRow => ({
  id: row.id,
  userId: row.user_id,
  author: row.username,
  title: row.title,
  description: row.description,
  privacy: row.privacy,
  updatedAt: row.updated_at,
  videoCount: row.video_count,
});

/**
 * Every statement about tubevault's own playlists (`playlists` and their entries, `playlist_videos`);
 * entry reads join the catalog's videos and channels. Upstream playlists are the catalog's
 * (UpstreamPlaylistsRepository). Methods that take a `manager` run inside the
 * caller's transaction and must use only it: on the embedded PGlite a transaction blocks every
 * other pooled connection, so awaiting one of those inside it would never return.
 */
@Injectable()
export class PlaylistsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PlaylistRow | null> {
    const rows: RawPlaylist[] = await manager.query(`SELECT ${PLAYLIST_COLUMNS} FROM playlists p JOIN users u ON u.id = p.user_id WHERE p.id = $1`, [id]);
    return rows[0] ? toPlaylist(rows[0]) : null;
  }

  /** Most recently changed first, then by id (docs/dialects/invidious.md#playlists). */
  async listByUser(userId: number): Promise<PlaylistRow[]> {
    const rows: RawPlaylist[] = await this.dataSource.query(
      `SELECT ${PLAYLIST_COLUMNS} FROM playlists p JOIN users u ON u.id = p.user_id WHERE p.user_id = $1 ORDER BY p.updated_at DESC, p.id`,
      [userId],
    );
    return rows.map(toPlaylist);
  }

  /**
   * Locks the playlist row until the transaction ends, so that adds and removals of one playlist
   * run one after another: the count and the next position read after it are then exact.
   * A separate statement from the count on purpose: under READ COMMITTED a subquery in the locking
   * statement would still see the snapshot from before the wait.
   */
  async lock(manager: EntityManager, id: string): Promise<{ userId: number; privacy: Privacy } | null> {
    const rows: { user_id: number; privacy: Privacy }[] = await manager.query('SELECT user_id, privacy FROM playlists WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? { userId: rows[0].user_id, privacy: rows[0].privacy } : null;
  }

  /**
   * Serialises playlist creation per user (the 100-playlist limit). NO KEY UPDATE, so inserts
   * elsewhere that reference the user (sessions, subscriptions) are not held up.
   */
  async lockUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  }

  async countByUser(manager: EntityManager, userId: number): Promise<number> {
    const [{ count }]: { count: number }[] = await manager.query('SELECT count(*)::int AS count FROM playlists WHERE user_id = $1', [userId]);
    return count;
  }

  async countEntries(id: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }]: { count: number }[] = await manager.query('SELECT count(*)::int AS count FROM playlist_videos WHERE playlist_id = $1', [id]);
    return count;
  }

  async insert(manager: EntityManager, playlist: { id: string; userId: number; title: string; description: string; privacy: Privacy }): Promise<void> {
    await manager.query('INSERT INTO playlists (id, user_id, title, description, privacy) VALUES ($1, $2, $3, $4, $5)', [
      playlist.id,
      playlist.userId,
      playlist.title,
      playlist.description,
      playlist.privacy,
    ]);
  }

  /** Null fields keep their values; `updated_at` moves only when a value actually changes. */
  async update(id: string, changes: { title: string | null; description: string | null; privacy: Privacy | null }): Promise<void> {
    await this.dataSource.query(
      `UPDATE playlists SET
         title = COALESCE($2, title),
         description = COALESCE($3, description),
         privacy = COALESCE($4, privacy),
         updated_at = CASE WHEN (COALESCE($2, title), COALESCE($3, description), COALESCE($4, privacy)) IS DISTINCT FROM (title, description, privacy)
                           THEN now() ELSE updated_at END
       WHERE id = $1`,
      [id, changes.title, changes.description, changes.privacy],
    );
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM playlists WHERE id = $1', [id]);
  }

  async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE playlists SET updated_at = now() WHERE id = $1', [id]);
  }

  /**
   * Appends an entry at `position` with a fresh random indexId; a clash with an existing indexId
   * (about one in 10^16 for a full playlist) draws again.
   */
  async insertEntry(manager: EntityManager, playlistId: string, position: number, videoId: string): Promise<bigint> {
    for (;;) {
      const indexId = newIndexId();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO playlist_videos (playlist_id, index_id, position, video_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (playlist_id, index_id) DO NOTHING RETURNING index_id`,
        [playlistId, indexId.toString(), position, videoId],
      );
      if (inserted.length) return indexId;
    }
  }

  /** Removes the entry and closes the gap behind it; false when the playlist has no such entry. */
  async removeEntry(manager: EntityManager, playlistId: string, indexId: bigint): Promise<boolean> {
    const [removed]: [{ position: number }[], number] = await manager.query(
      'DELETE FROM playlist_videos WHERE playlist_id = $1 AND index_id = $2 RETURNING position',
      [playlistId, indexId.toString()],
    );
    if (!removed.length) return false;
    await manager.query('UPDATE playlist_videos SET position = position - 1 WHERE playlist_id = $1 AND position > $2', [playlistId, removed[0].position]);
    return true;
  }

  /** Entries `[from, from + limit)` of one playlist, in order. */
  async entryWindow(playlistId: string, from: number, limit: number, manager: EntityManager = this.dataSource.manager): Promise<LocalEntryRow[]> {
    const rows: RawEntry[] = await manager.query(entryQuery('playlist_videos', 'e.playlist_id = $1 AND e.position >= $2 AND e.position < $2 + $3'), [
      playlistId,
      from,
      limit,
    ]);
    return rows.map(toLocalEntry);
  }

  /** The first `limit` entries of each playlist. */
  async firstEntries(playlistIds: string[], limit: number): Promise<Map<string, LocalEntryRow[]>> {
    const byPlaylist = new Map<string, LocalEntryRow[]>(playlistIds.map((id) => [id, []]));
    if (!playlistIds.length) return byPlaylist;
    const rows: RawEntry[] = await this.dataSource.query(entryQuery('playlist_videos', 'e.playlist_id = ANY($1::text[]) AND e.position < $2'), [
      playlistIds,
      limit,
    ]);
    for (const row of rows) byPlaylist.get(row.playlist_id)!.push(toLocalEntry(row));
    return byPlaylist;
  }

  /** Where a video first appears in the playlist (a `continuation` of the public read), or null. */
  async positionOf(playlistId: string, videoId: string): Promise<number | null> {
    const rows: { position: number }[] = await this.dataSource.query(
      `SELECT min(position) AS position FROM playlist_videos WHERE playlist_id = $1 AND video_id = $2`,
      [playlistId, videoId],
    );
    return rows[0]?.position ?? null;
  }

  /** A user's playlists in creation order, each with its video ids in order (the Invidious export). */
  async exportRows(userId: number): Promise<{ title: string; description: string; privacy: Privacy; videos: string[] }[]> {
    return this.dataSource.query(
      `SELECT p.title, p.description, p.privacy,
              COALESCE((SELECT array_agg(e.video_id ORDER BY e.position) FROM playlist_videos e WHERE e.playlist_id = p.id), '{}') AS videos
       FROM playlists p WHERE p.user_id = $1 ORDER BY p.created_seq`,
      [userId],
    );
  }

  /** Stores new playlists with their entries (positions 0…n-1, fresh indexIds) in one statement each. */
  async insertImported(manager: EntityManager, userId: number, playlists: { id: string; playlist: ImportedPlaylist }[]): Promise<void> {
    for (const { id, playlist } of playlists) {
      await this.insert(manager, { id, userId, ...playlist });
      if (!playlist.videos.length) continue;
      const indexIds = new Set<bigint>();
      while (indexIds.size < playlist.videos.length) indexIds.add(newIndexId());
      await manager.query(
        `INSERT INTO playlist_videos (playlist_id, index_id, position, video_id)
         SELECT $1, e.index_id::bigint, e.ordinality - 1, e.video_id
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS e(video_id, index_id, ordinality)`,
        [id, playlist.videos, [...indexIds].map(String)],
      );
    }
  }
}
