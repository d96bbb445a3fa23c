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

/** Positions are Postgres integers: a larger offset is past every playlist's end anyway. */
const MAX_OFFSET = 2 ** 31 - 1;
const DIGITS = /^\d+$/;
/** The window reaches back this far before a non-zero offset (Invidious's overlap between pages). */
const LOOK_BACK = 50;

export const WINDOW_MESSAGES = {
  index: 'Invalid index: expected an integer ≥ 0',
  page: 'Invalid page: expected an integer ≥ 1',
  continuation: 'Invalid continuation: expected a video id (11 characters of A-Z a-z 0-9 _ -)',
} as const;

/** An empty parameter counts as absent. */
const present = (value: unknown) => value !== undefined && value !== '';

/**
 * Each parameter's rule: absent, or given once (a repeated parameter is not a value we can read:
 * 400 rather than a guess) and valid. Checked in this order: index, page, continuation.
 */
export const indexProblem = (index: unknown) => (present(index) && !(typeof index === 'string' && DIGITS.test(index)) ? WINDOW_MESSAGES.index : null);
export const pageProblem = (page: unknown) =>
  present(page) && !(typeof page === 'string' && DIGITS.test(page) && Number(page) >= 1) ? WINDOW_MESSAGES.page : null;
export const continuationProblem = (continuation: unknown) =>
  present(continuation) && !(typeof continuation === 'string' && VIDEO_ID.test(continuation)) ? WINDOW_MESSAGES.continuation : null;

/** The window of parameters the rules accepted. */
export function windowQueryOf(index: string | undefined, page: string | undefined, continuation: string | undefined): WindowQuery {
  const offset = present(index) ? Number(index) : present(page) ? (Number(page) - 1) * PLAYLIST_PAGE_SIZE : 0;
  return { offset: Math.min(offset, MAX_OFFSET), continuation: present(continuation) ? continuation! : null };
}

/**
 * The first position of the window: `offset − min(offset, 50)`, so `page=2` (offset 100) shows
 * positions 50–149. A continuation (offset 0) starts exactly at its video's position.
 */
export function windowStart(offset: number, continuationPosition: number | null): number {
  if (offset > 0) return offset - Math.min(offset, LOOK_BACK);
  return continuationPosition ?? 0;
}
