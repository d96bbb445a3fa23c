import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CredentialError } from '../../identity/auth/credentials.js';
import { CredentialResolver } from '../../identity/auth/credential-resolver.service.js';
import { CatalogService } from '../../catalog/media/catalog.service.js';
import { CatalogWriter } from '../../catalog/media/catalog-writer.service.js';
import { isUpstreamPlaylistId } from '../../catalog/media/ids.js';
import { UpstreamPlaylistsRepository } from '../../catalog/media/upstream-playlists.repository.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { ForbiddenError, InvalidInputError, NotFoundError, UnavailableError, UpstreamFailedError } from '../../platform/errors/domain-errors.js';
import { grants } from '../../identity/scopes/scope.js';
import type { ExportedPlaylist, PlaylistTransfer } from '../import-export/playlist-transfer.js';
import { UPSTREAM_SOURCE, UpstreamError, UpstreamUnsupportedError, type UpstreamSource } from '../../catalog/upstream/upstream.js';
import {
  toInvidiousPlaylist,
  toPlaylistVideo,
  toUpstreamPlaylist,
  type CreatedPlaylist,
  type InvidiousPlaylist,
  type PlaylistVideo,
  type UpstreamPlaylist,
} from './playlist-mapper.js';
import { formatIndexId, isLocalPlaylistId, LOCAL_PLAYLIST_ID, MAX_INDEX_ID, newPlaylistId, parseIndexId } from '../../catalog/media/playlist-ids.js';
import {
  canRead,
  exportedPrivacy,
  MAX_PLAYLISTS_PER_USER,
  MESSAGES,
  parseImportedPlaylists,
  PLAYLIST_PAGE_SIZE,
  writeAccess,
  type Privacy,
} from './playlist-rules.js';
import { windowStart, type WindowQuery } from './playlist-window.js';
import type { CreatePlaylistDto, UpdatePlaylistDto } from './playlists.dto.js';
import { PlaylistsRepository } from './playlists.repository.js';
import { KeyedSerializer } from '../../platform/database/keyed-serializer.js';

/** Who is reading a playlist: the owner's user id, or null for anyone else. Asked only for private playlists. */
export type ViewerOf = () => Promise<number | null>;

export interface AddedEntry {
  entry: PlaylistVideo;
  indexId: string;
}

/**
 * Users' playlists (docs/dialects/invidious.md#playlists) and the public playlist read (#public-playlists). Every route checks in
 * the documented order: input, then existence and ownership, then limits. Also the playlists' side of
 * Invidious's export and import, provided to src/invidious/import-export as PLAYLIST_TRANSFER.
 */
@Injectable()
export class PlaylistsService implements PlaylistTransfer {
  private readonly maxVideos: number;

  /** One playlist's entry changes wait here, not on pooled connections (see KeyedSerializer). */
  private readonly perPlaylist = new KeyedSerializer<string>();

  constructor(
    private readonly playlists: PlaylistsRepository,
    private readonly upstreamPlaylists: UpstreamPlaylistsRepository,
    private readonly catalog: CatalogService,
    private readonly catalogWriter: CatalogWriter,
    private readonly credentials: CredentialResolver,
    @Inject(UPSTREAM_SOURCE) private readonly upstream: UpstreamSource | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxVideos = config.PLAYLIST_MAX_VIDEOS;
  }

  /** GET playlists: each with its first 100 entries. */
  async list(userId: number): Promise<InvidiousPlaylist[]> {
    const rows = await this.playlists.listByUser(userId);
    const entries = await this.playlists.firstEntries(
      rows.map((row) => row.id),
      PLAYLIST_PAGE_SIZE,
    );
    return rows.map((row) => toInvidiousPlaylist(row, entries.get(row.id)!));
  }

  async create(userId: number, input: CreatePlaylistDto): Promise<CreatedPlaylist> {
    const id = newPlaylistId();
    await this.playlists.transaction(async (manager) => {
      await this.playlists.lockUser(manager, userId);
      if ((await this.playlists.countByUser(manager, userId)) >= MAX_PLAYLISTS_PER_USER) throw new InvalidInputError(MESSAGES.tooManyPlaylists);
      await this.playlists.insert(manager, { id, userId, title: input.title, description: input.description ?? '', privacy: input.privacy });
    });
    return { title: input.title, playlistId: id };
  }

  /** `GET /api/v1/auth/playlists/:id` and `GET /api/v1/playlists/:id`; `viewerOf` says who asks. */
  async get(id: string, window: WindowQuery, viewerOf: ViewerOf): Promise<InvidiousPlaylist | UpstreamPlaylist> {
    if (!isLocalPlaylistId(id)) return this.getUpstream(id, window);
    const playlist = LOCAL_PLAYLIST_ID.test(id) ? await this.playlists.find(id) : null;
    if (!playlist || (playlist.privacy === 'private' && !canRead(playlist, await viewerOf()))) throw new NotFoundError(MESSAGES.notFound);
    const start = await this.start(window, 'playlist_videos', id);
    return toInvidiousPlaylist(playlist, await this.playlists.entryWindow(id, start, PLAYLIST_PAGE_SIZE));
  }

  /**
   * The public route's reader: the owner only when the credential is valid and its scopes allow
   * `GET:playlists/<id>` (docs/dialects/invidious.md#public-playlists, #invidious-behaviours-not-copied item 15); invalid credentials count as anonymous.
   */
  async ownerFromCredentials(headers: Record<string, string | string[] | undefined>, id: string): Promise<number | null> {
    try {
      const principal = await this.credentials.resolve(headers);
      return grants(principal.scopes, 'GET', `playlists/${id}`) ? principal.userId : null;
    } catch (error) {
      if (error instanceof CredentialError) return null;
      throw error;
    }
  }

  async update(userId: number, id: string, input: UpdatePlaylistDto): Promise<void> {
    this.assertWritable(await this.findLocal(id), userId);
    await this.playlists.update(id, { title: input.title ?? null, description: input.description ?? null, privacy: input.privacy ?? null });
  }

  async delete(userId: number, id: string): Promise<void> {
    this.assertWritable(await this.findLocal(id), userId);
    await this.playlists.delete(id);
  }

  /**
   * Checks ownership and the limit, fetches the video into the catalog if needed (outside any
   * transaction: the upstream may take seconds), then appends under the playlist's row lock, where
   * ownership and the limit are checked again against concurrent changes.
   */
  async addVideo(userId: number, id: string, videoId: string): Promise<AddedEntry> {
    const playlist = this.assertWritable(await this.findLocal(id), userId);
    if (playlist.videoCount >= this.maxVideos) throw new InvalidInputError(MESSAGES.tooManyVideos(this.maxVideos));
    await this.ensureInCatalog(videoId);
    return this.perPlaylist.run(id, () =>
      this.playlists.transaction(async (manager) => {
        this.assertWritable(await this.playlists.lock(manager, id), userId);
        const position = await this.playlists.countEntries(id, manager);
        if (position >= this.maxVideos) throw new InvalidInputError(MESSAGES.tooManyVideos(this.maxVideos));
        const indexId = await this.playlists.insertEntry(manager, id, position, videoId);
        await this.playlists.touch(manager, id);
        const [entry] = await this.playlists.entryWindow(id, position, 1, manager);
        return { entry: toPlaylistVideo(entry), indexId: formatIndexId(indexId) };
      }),
    );
  }

  async removeVideo(userId: number, id: string, indexText: string): Promise<void> {
    const indexId = parseIndexId(indexText);
    if (indexId === null) throw new InvalidInputError(MESSAGES.invalidIndex);
    await this.perPlaylist.run(id, () =>
      this.playlists.transaction(async (manager) => {
        this.assertWritable(await this.playlists.lock(manager, id), userId);
        if (indexId > MAX_INDEX_ID || !(await this.playlists.removeEntry(manager, id, indexId))) throw new NotFoundError(MESSAGES.indexNotFound);
        await this.playlists.touch(manager, id);
      }),
    );
  }

  /** PlaylistTransfer: the user's playlists in the Invidious export format, in creation order. */
  async exportPlaylists(userId: number): Promise<ExportedPlaylist[]> {
    const rows = await this.playlists.exportRows(userId);
    return rows.map((row) => ({ title: row.title, description: row.description, privacy: exportedPrivacy(row.privacy), videos: row.videos }));
  }

  /** PlaylistTransfer: every problem of an import's `playlists` (see parseImportedPlaylists); nothing is written. */
  validateImport(playlists: unknown[]): string[] {
    const parsed = parseImportedPlaylists(playlists, this.maxVideos);
    return parsed.ok ? [] : parsed.problems;
  }

  /**
   * PlaylistTransfer: creates the imported playlists inside the caller's transaction (only with its
   * manager), normalised as on POST. The user's total must stay within 100, else 400 and the
   * caller's transaction rolls back. Video ids are stored as given; the catalog may lack some.
   */
  async importPlaylists(manager: EntityManager, userId: number, playlists: ExportedPlaylist[]): Promise<void> {
    const parsed = parseImportedPlaylists(playlists, this.maxVideos);
    if (!parsed.ok) throw new InvalidInputError(parsed.problems.join('; '));
    await this.playlists.lockUser(manager, userId);
    if ((await this.playlists.countByUser(manager, userId)) + parsed.playlists.length > MAX_PLAYLISTS_PER_USER) {
      throw new InvalidInputError(MESSAGES.tooManyPlaylists);
    }
    await this.playlists.insertImported(
      manager,
      userId,
      parsed.playlists.map((playlist) => ({ id: newPlaylistId(), playlist })),
    );
  }

  private async getUpstream(id: string, window: WindowQuery): Promise<UpstreamPlaylist> {
    const playlist = isUpstreamPlaylistId(id) ? await this.upstreamPlaylists.findSummary(id) : null;
    if (!playlist) throw new NotFoundError(MESSAGES.notFound);
    const start = await this.start(window, 'upstream_playlist_videos', id);
    const entries = await this.upstreamPlaylists.entryWindow(id, start, PLAYLIST_PAGE_SIZE);
    const firstVideoId = playlist.thumbnailUrl ? null : start === 0 ? (entries[0]?.videoId ?? null) : await this.upstreamPlaylists.firstVideoId(id);
    return toUpstreamPlaylist(playlist, entries, firstVideoId);
  }

  private async start(window: WindowQuery, table: 'playlist_videos' | 'upstream_playlist_videos', id: string): Promise<number> {
    const continuation = window.offset === 0 && window.continuation ? await this.positionOf(table, id, window.continuation) : null;
    return windowStart(window.offset, continuation);
  }

  private positionOf(table: 'playlist_videos' | 'upstream_playlist_videos', id: string, videoId: string): Promise<number | null> {
    return table === 'playlist_videos' ? this.playlists.positionOf(id, videoId) : this.upstreamPlaylists.positionOf(id, videoId);
  }

  /** Ids that are not tubevault's cannot be written to: no query needed to answer 404. */
  private findLocal(id: string) {
    return LOCAL_PLAYLIST_ID.test(id) ? this.playlists.find(id) : Promise.resolve(null);
  }

  private assertWritable<T extends { userId: number; privacy: Privacy }>(playlist: T | null, userId: number): T {
    switch (writeAccess(playlist, userId)) {
      case 'not-found':
        throw new NotFoundError(MESSAGES.notFound);
      case 'invalid-user':
        throw new ForbiddenError(MESSAGES.invalidUser);
      case 'owner':
        return playlist!;
    }
  }

  /** Adding a video, last check: a video the catalog lacks is fetched and stored through the catalog's writer. */
  private async ensureInCatalog(videoId: string): Promise<void> {
    if (await this.catalog.findVideo(videoId)) return;
    if (!this.upstream) throw new UnavailableError('No upstream is configured, so videos outside the catalog cannot be added; set UPSTREAM_URL');
    let lookup;
    try {
      lookup = await this.upstream.getVideo(videoId);
    } catch (error) {
      if (error instanceof UpstreamUnsupportedError) throw new UnavailableError(`The configured upstream cannot look up single videos: ${error.message}`);
      if (error instanceof UpstreamError) throw new UpstreamFailedError(`Upstream error: ${error.message}`);
      throw error;
    }
    if (!lookup.found) throw new NotFoundError(MESSAGES.videoUnavailable);
    await this.catalogWriter.saveVideos([lookup.value]);
  }
}
