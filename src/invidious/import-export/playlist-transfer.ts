import type { EntityManager } from 'typeorm';

/**
 * The hook through which the playlists module takes part in Invidious's export and import
 * (docs/dialects/invidious.md#import-and-export): it provides `PLAYLIST_TRANSFER` and ImportExportModule imports it, so the
 * two modules do not import each other.
 */
export const PLAYLIST_TRANSFER = Symbol('PLAYLIST_TRANSFER');

/** A playlist in Invidious's export. */
export interface ExportedPlaylist {
  title: string;
  description: string;
  privacy: 'Public' | 'Unlisted' | 'Private';
  /** Video ids in playlist order. */
  videos: string[];
}

export interface PlaylistTransfer {
  /** The user's playlists in export form (a stable order, so an export re-imported exports the same). */
  exportPlaylists(userId: number): Promise<ExportedPlaylist[]>;
  /**
   * Problems with the import's `playlists` array (shape, ids, per-playlist limits), each naming its
   * item (`playlists[2].videos[7]: …`); [] when valid. Pure: called before the transaction.
   */
  validateImport(playlists: unknown[]): string[];
  /**
   * Creates the validated playlists inside the import's transaction (only through `manager`), with
   * the per-user limit checked against the playlists the user already has. Throws an
   * `InvalidInputError` to refuse; the whole import then rolls back.
   */
  importPlaylists(manager: EntityManager, userId: number, playlists: ExportedPlaylist[]): Promise<void>;
}
