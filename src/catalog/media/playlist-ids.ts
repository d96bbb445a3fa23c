import { randomBytes } from 'node:crypto';

/**
 * Playlist ids and entry `indexId`s (docs/dialects/invidious.md#playlists). Pure: no Nest, no database.
 * - a playlist id is `IVPL` + the first 31 characters of base64url(24 random bytes);
 * - an `indexId` is a random non-negative 63-bit integer (Postgres `bigint`), written in
 *   upper-case hex without leading zeros and read in either case.
 */

export const LOCAL_PLAYLIST_ID = /^IVPL[A-Za-z0-9_-]{31}$/;
/** Every id starting with `IV` belongs to tubevault; anything else names an upstream playlist. */
export const LOCAL_PLAYLIST_PREFIX = 'IV';
/** Largest value a `bigint` column holds: 2^63 − 1. */
export const MAX_INDEX_ID = (1n << 63n) - 1n;
const INDEX_ID_TEXT = /^[0-9A-Fa-f]{1,16}$/;

export const isLocalPlaylistId = (id: string): boolean => id.startsWith(LOCAL_PLAYLIST_PREFIX);

export function newPlaylistId(): string {
  return `IVPL${randomBytes(24).toString('base64url').slice(0, 31)}`;
}

/** Uniform over 0 … 2^63 − 1: 64 random bits with the top one dropped. */
export function newIndexId(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

export function formatIndexId(indexId: bigint): string {
  return indexId.toString(16).toUpperCase();
}

/**
 * The `:index` path segment: 1–16 hex digits in either case, else null (400 `Invalid index`).
 * A well-formed value above 2^63 − 1 is returned as is; no entry can have it (404 later).
 */
export function parseIndexId(text: string): bigint | null {
  return INDEX_ID_TEXT.test(text) ? BigInt(`0x${text}`) : null;
}
