import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import { validatePatch, type PreferencesPatch } from '../preferences/preferences-schema.js';

/**
 * Validation of `POST /api/v1/auth/import/invidious` (docs/dialects/invidious.md#import-and-export): Invidious's export
 * shape, every key optional, checked whole before anything is written. Pure.
 */

export const INVIDIOUS_EXPORT_KEYS = ['subscriptions', 'watch_history', 'preferences', 'playlists'] as const;

export interface InvidiousImport {
  subscriptions: string[];
  /** Oldest first, as exported. */
  watchHistory: string[];
  preferences: PreferencesPatch;
  /** As sent: the playlists' own rules check them (see PlaylistTransfer). */
  playlists: unknown[];
}

export type ImportCheck<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export const CHANNEL_ID_RULE = 'a channel id is UC + 22 characters of A-Z a-z 0-9 _ -';
export const VIDEO_ID_RULE = 'a video id is 11 characters of A-Z a-z 0-9 _ -';
const NOT_AN_OBJECT =
  'Send a JSON object in the form of the export: {"subscriptions": [...], "watch_history": [...], "preferences": {...}, "playlists": [...]} (every key optional)';
const LISTED_PROBLEMS = 10;

/** The offending value as JSON, cut short so a huge value cannot bloat the answer. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** One error message: the first problems, then how many more there are. */
export function describeProblems(problems: string[]): string {
  const listed = problems.slice(0, LISTED_PROBLEMS).join('; ');
  const more = problems.length - LISTED_PROBLEMS;
  return more > 0 ? `${listed}; and ${more} more problem${more === 1 ? '' : 's'}; nothing was imported` : `${listed}; nothing was imported`;
}

function idList(body: Record<string, unknown>, key: string, valid: (value: unknown) => boolean, rule: string, problems: string[]): string[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${key}: expected an array of ids (${rule})`);
    return [];
  }
  value.forEach((id, index) => {
    if (!valid(id)) problems.push(`${key}[${index}]: ${shown(id)} is not valid (${rule})`);
  });
  return value as string[];
}

export function parseInvidiousImport(body: unknown): ImportCheck<InvidiousImport> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: [NOT_AN_OBJECT] };
  const record = body as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(record).filter((key) => !(INVIDIOUS_EXPORT_KEYS as readonly string[]).includes(key));
  if (unknown.length) problems.push(`Unknown keys: ${unknown.join(', ')} (expected ${INVIDIOUS_EXPORT_KEYS.join(', ')})`);

  const subscriptions = idList(record, 'subscriptions', isChannelId, CHANNEL_ID_RULE, problems);
  const watchHistory = idList(record, 'watch_history', isVideoId, VIDEO_ID_RULE, problems);

  let preferences: PreferencesPatch = {};
  if (record.preferences !== undefined) {
    const patch = validatePatch(record.preferences);
    if (patch.ok) preferences = patch.values;
    else problems.push(...patch.problems.map((problem) => `preferences: ${problem}`));
  }

  let playlists: unknown[] = [];
  if (record.playlists !== undefined) {
    if (Array.isArray(record.playlists)) playlists = record.playlists;
    else problems.push('playlists: expected an array of playlists');
  }

  return problems.length ? { ok: false, problems } : { ok: true, value: { subscriptions, watchHistory, preferences, playlists } };
}
