import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WatchedRepository } from './watched.repository.js';

/**
 * Per-user watched state (`watched`), one table for both dialects: Invidious history, TubeArchivist
 * `POST /api/watched/` and `player.watched`, and the feed's `unseen_only`. Video ids need not be in
 * the catalog. Marking a video watched also takes it off the user's feed notification list, in the
 * same statement (docs/dialects/invidious.md#feed). Nothing here checks the `watch_history` preference: that is
 * the Invidious history routes' rule.
 */
@Injectable()
export class WatchedService {
  constructor(private readonly watched: WatchedRepository) {}

  /** Watched now: each becomes the newest history entry. */
  async mark(userId: number, videoIds: string[], manager?: EntityManager): Promise<void> {
    if (videoIds.length === 0) return;
    await this.watched.mark(userId, [...new Set(videoIds)], manager);
  }

  async unmark(userId: number, videoIds: string[], manager?: EntityManager): Promise<void> {
    if (videoIds.length === 0) return;
    await this.watched.unmark(userId, videoIds, manager);
  }

  /**
   * Every catalog video of a channel, in one statement. Marking keeps the dates of videos already
   * watched (the history order stays as it was).
   */
  async setChannelWatched(userId: number, channelId: string, watched: boolean): Promise<void> {
    await this.watched.setChannelWatched(userId, channelId, watched);
  }

  /** Every video of a catalog (upstream) playlist, in one statement; as `setChannelWatched`. */
  async setPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    await this.watched.setPlaylistWatched(userId, playlistId, watched);
  }

  /** When each of `videoIds` the user has watched was watched (TubeArchivist's `player.watched_date`). */
  async watchedAt(userId: number, videoIds: string[]): Promise<Map<string, Date>> {
    if (videoIds.length === 0) return new Map();
    const rows = await this.watched.watchedAt(userId, videoIds);
    return new Map(rows.map((row) => [row.video_id, row.watched_at]));
  }

  /** Newest first. */
  page(userId: number, limit: number, offset: number): Promise<string[]> {
    return this.watched.page(userId, limit, offset);
  }

  async clear(userId: number): Promise<void> {
    await this.watched.clear(userId);
  }

  /** The whole history, oldest first (Invidious's export order). */
  history(userId: number, manager?: EntityManager): Promise<string[]> {
    return this.watched.history(userId, manager);
  }

  /**
   * An imported history (oldest first), inside the import's transaction: appended after the existing
   * entries in its own order (a microsecond apart, ending now); videos already watched keep their
   * place, as Invidious's import keeps the first occurrence.
   */
  async importHistory(manager: EntityManager, userId: number, videoIds: string[]): Promise<void> {
    const ids = [...new Set(videoIds)];
    if (ids.length === 0) return;
    await this.watched.importHistory(manager, userId, ids);
  }
}
