import { VIDEO_ID } from '../../catalog/media/ids.js';
import { PLAYLIST_PAGE_SIZE } from './playlist-rules.js';

/**
 * The `index`/`page`/`continuation` windowing of `GET /api/v1/playlists/:id` (docs/dialects/invidious.md#public-playlists),
 * copied from Invidious because clients page with it. Pure.
 */

export interface WindowQuery {
  /** `index`, else `(page-1)*100`, else 0. */
  offset: number;
  /** A video id to start at; only used when `offset` is 0. */
  continuation: string | null;
}

export type WindowParse = { ok: true; query: WindowQuery } | { ok: false; message: string };

/** Positions are Postgres integers: a larger offset is past every playlist's end anyway. */
const MAX_OFFSET = 2 ** 31 - 1;
const DIGITS = /^\d+$/;
/** The window reaches back this far before a non-zero offset (Invidious's overlap between pages). */
const LOOK_BACK = 50;

const present = (value: unknown): value is string | string[] => value !== undefined && value !== '';

/** A repeated parameter is not a value we can read: 400 rather than a guess. */
function single(query: Record<string, unknown>, key: string): string | undefined | null {
  const value = query[key];
  if (!present(value)) return undefined;
  return typeof value === 'string' ? value : null;
}

export function parseWindowQuery(query: Record<string, unknown>): WindowParse {
  const index = single(query, 'index');
  const page = single(query, 'page');
  const continuation = single(query, 'continuation');
  if (index === null || (index !== undefined && !DIGITS.test(index))) return { ok: false, message: 'Invalid index: expected an integer ≥ 0' };
  if (page === null || (page !== undefined && (!DIGITS.test(page) || Number(page) < 1))) return { ok: false, message: 'Invalid page: expected an integer ≥ 1' };
  if (continuation === null || (continuation !== undefined && !VIDEO_ID.test(continuation))) {
    return { ok: false, message: 'Invalid continuation: expected a video id (11 characters of A-Z a-z 0-9 _ -)' };
  }
  const offset = index !== undefined ? Number(index) : page !== undefined ? (Number(page) - 1) * PLAYLIST_PAGE_SIZE : 0;
  return { ok: true, query: { offset: Math.min(offset, MAX_OFFSET), continuation: continuation ?? null } };
}

/**
 * The first position of the window: `offset − min(offset, 50)`, so `page=2` (offset 100) shows
 * positions 50–149. A continuation (offset 0) starts exactly at its video's position.
 */
export function windowStart(offset: number, continuationPosition: number | null): number {
  if (offset > 0) return offset - Math.min(offset, LOOK_BACK);
  return continuationPosition ?? 0;
}
