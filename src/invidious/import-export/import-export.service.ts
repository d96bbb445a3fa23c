import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { WatchedService } from '../../catalog/watched/watched.service.js';
import { InvalidInputError } from '../../platform/errors/domain-errors.js';
import type { Preferences } from '../preferences/preferences-schema.js';
import { PreferencesService } from '../preferences/preferences.service.js';
import { SubscriptionLimitError, SubscriptionsService } from '../../catalog/subscriptions/subscriptions.service.js';
import { describeProblems, type InvidiousImport } from './invidious-import.js';
import { PLAYLIST_TRANSFER, type ExportedPlaylist, type PlaylistTransfer } from './playlist-transfer.js';
import { parseSubscriptionFile, SubscriptionFileError, type SubscriptionFileText } from './subscription-files.js';

export interface InvidiousExport {
  subscriptions: string[];
  /** Oldest first. */
  watch_history: string[];
  /** Every key, nulls included, so that an import restores exactly these values. */
  preferences: Preferences;
  playlists: ExportedPlaylist[];
}

/**
 * Invidious's export and import (docs/dialects/invidious.md#import-and-export) and the subscription-file import. Imports are
 * validated whole first, then written in one transaction whose every statement runs on its own
 * manager (the embedded PGlite deadlocks on a second connection inside a transaction). Channels
 * newly subscribed are queued for refresh after the commit, never fetched inline.
 */
@Injectable()
export class ImportExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
    private readonly watched: WatchedService,
    private readonly preferences: PreferencesService,
    @Inject(PLAYLIST_TRANSFER) private readonly playlists: PlaylistTransfer,
  ) {}

  async exportInvidious(userId: number): Promise<InvidiousExport> {
    return {
      subscriptions: await this.subscriptions.channelIds(userId),
      watch_history: await this.watched.history(userId),
      preferences: await this.preferences.get(userId),
      playlists: await this.playlists.exportPlaylists(userId),
    };
  }

  /** Merges into what the user has: subscriptions and history are added to, preferences patched. */
  async importInvidious(userId: number, request: InvidiousImport): Promise<void> {
    const { subscriptions, watchHistory, preferences, playlists } = request;
    const playlistProblems = playlists.length ? this.playlists.validateImport(playlists) : [];
    if (playlistProblems.length) throw new InvalidInputError(describeProblems(playlistProblems));

    const added = await this.inTransaction(async (manager) => {
      await this.preferences.merge(userId, preferences, manager);
      const subscribed = await this.subscriptions.addAll(manager, userId, subscriptions);
      await this.watched.importHistory(manager, userId, watchHistory);
      if (playlists.length) await this.playlists.importPlaylists(manager, userId, playlists as ExportedPlaylist[]);
      return subscribed;
    });
    await this.subscriptions.queueRefresh(added);
  }

  /** The file's format as the sender named it, else as its content shows. */
  async importSubscriptionFile(userId: number, file: SubscriptionFileText): Promise<void> {
    let channelIds: string[];
    try {
      channelIds = parseSubscriptionFile(file.text, file.format).channelIds;
    } catch (error) {
      if (error instanceof SubscriptionFileError) throw new InvalidInputError(describeProblems(error.problems));
      throw error;
    }
    const added = await this.inTransaction((manager) => this.subscriptions.addAll(manager, userId, channelIds));
    await this.subscriptions.queueRefresh(added);
  }

  /** A refused subscription (the per-user limit) is the import's 400. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (error instanceof SubscriptionLimitError) throw new InvalidInputError(`${error.message}; nothing was imported`);
      throw error;
    }
  }
}
