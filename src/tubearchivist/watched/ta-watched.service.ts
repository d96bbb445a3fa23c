import { Injectable } from '@nestjs/common';
import { ChannelsRepository } from '../../catalog/media/channels.repository.js';
import { UpstreamPlaylistsRepository } from '../../catalog/media/upstream-playlists.repository.js';
import { VideosRepository } from '../../catalog/media/videos.repository.js';
import { WatchedRepository } from '../../catalog/watched/watched.repository.js';
import { WatchedService } from '../../catalog/watched/watched.service.js';
import { taMessageError } from '../archive/ta-errors.js';
import type { WatchedTarget } from './watched-request.js';

/**
 * `POST /api/watched/` (docs/dialects/tubearchivist.md#watched): the caller's own watched state, in the rows the
 * Invidious history shares (WatchedService). A channel or playlist cascades to its videos in one
 * statement.
 */
@Injectable()
export class TaWatchedService {
  constructor(
    private readonly watched: WatchedService,
    private readonly watchedRows: WatchedRepository,
    private readonly videos: VideosRepository,
    private readonly channels: ChannelsRepository,
    private readonly playlists: UpstreamPlaylistsRepository,
  ) {}

  async setWatched(target: WatchedTarget, watched: boolean, userId: number): Promise<{ message: 'success' }> {
    const found = await this.exists(target, userId);
    if (!found) throw taMessageError('not-found', `${target.kind} not found: ${target.id}`);

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
   * Whether the target is there for the caller: catalog items are everyone's; a tubevault playlist
   * is its owner's, or anyone's unless private (docs/dialects/invidious.md#playlists).
   */
  private exists(target: WatchedTarget, userId: number): Promise<boolean> {
    switch (target.kind) {
      case 'video':
        return this.videos.exists(target.id);
      case 'channel':
        return this.channels.exists(target.id);
      case 'playlist':
        return target.local ? this.watchedRows.localPlaylistVisible(target.id, userId) : this.playlists.exists(target.id);
    }
  }

  /**
   * WatchedService cascades over catalog channels and playlists only; tubevault's own playlists
   * get the same single statement here (marking keeps the dates of videos already watched).
   */
  private async setLocalPlaylistWatched(userId: number, playlistId: string, watched: boolean): Promise<void> {
    await this.watchedRows.setLocalPlaylistWatched(userId, playlistId, watched);
  }
}
