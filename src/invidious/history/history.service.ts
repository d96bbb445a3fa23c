import { Injectable } from '@nestjs/common';
import { isVideoId } from '../../catalog/media/ids.js';
import type { PageQueryDto } from '../feed/page-query.dto.js';
import { ConflictError, InvalidInputError } from '../../platform/errors/domain-errors.js';
import { PreferencesService } from '../preferences/preferences.service.js';
import { WatchedService } from '../../catalog/watched/watched.service.js';

/** Invidious's watch history routes (docs/dialects/invidious.md#history) over the shared watched state. */
@Injectable()
export class HistoryService {
  constructor(
    private readonly watched: WatchedService,
    private readonly preferences: PreferencesService,
  ) {}

  /** Newest first; a page past the end is []. */
  async page(userId: number, paging: PageQueryDto): Promise<string[]> {
    const limit = paging.max_results ?? (await this.preferences.get(userId)).max_results;
    if (limit === 0) return [];
    return this.watched.page(userId, limit, (paging.page - 1) * limit);
  }

  async mark(userId: number, videoId: string): Promise<void> {
    await this.checkWritable(userId, videoId);
    await this.watched.mark(userId, [videoId]);
  }

  async unmark(userId: number, videoId: string): Promise<void> {
    await this.checkWritable(userId, videoId);
    await this.watched.unmark(userId, [videoId]);
  }

  /** Whatever the preference says. */
  clear(userId: number): Promise<void> {
    return this.watched.clear(userId);
  }

  private async checkWritable(userId: number, videoId: string): Promise<void> {
    if (!isVideoId(videoId)) throw new InvalidInputError('Invalid video id.');
    if (!(await this.preferences.get(userId)).watch_history) throw new ConflictError('Watch history is disabled in preferences.');
  }
}
