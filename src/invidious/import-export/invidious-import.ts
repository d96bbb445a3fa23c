import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import { validatePatch, type PreferencesPatch } from '../preferences/preferences-schema.js';

/**
 * The rules of `POST /api/v1/auth/import/invidious` (docs/dialects/invidious.md#import-and-export):
 * Invidious's export shape, every key optional, checked whole before anything is written. Each
 * key's rule lists all its problems, so one answer names them all (unknown keys first, then the
 * keys in this order). Pure.
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

export const CHANNEL_ID_RULE = 'a channel id is UC + 22 characters of A-Z a-z 0-9 _ -';
export const VIDEO_ID_RULE = 'a video id is 11 characters of A-Z a-z 0-9 _ -';
export const IMPORT_NOT_AN_OBJECT =
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

export type ImportKey = (typeof INVIDIOUS_EXPORT_KEYS)[number];

function idListProblems(key: string, value: unknown, valid: (value: unknown) => boolean, rule: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`${key}: expected an array of ids (${rule})`];
  return value.flatMap((id, index) => (valid(id) ? [] : [`${key}[${index}]: ${shown(id)} is not valid (${rule})`]));
}

/** Each key's problems; none for an absent key. */
export const IMPORT_KEY_PROBLEMS: Record<ImportKey, (value: unknown) => string[]> = {
  subscriptions: (value) => idListProblems('subscriptions', value, isChannelId, CHANNEL_ID_RULE),
  watch_history: (value) => idListProblems('watch_history', value, isVideoId, VIDEO_ID_RULE),
  preferences: (value) => {
    if (value === undefined) return [];
    const patch = validatePatch(value);
    return patch.ok ? [] : patch.problems.map((problem) => `preferences: ${problem}`);
  },
  playlists: (value) => (value === undefined || Array.isArray(value) ? [] : ['playlists: expected an array of playlists']),
};

export const unknownKeysProblem = (keys: string[]) => `Unknown keys: ${keys.join(', ')} (expected ${INVIDIOUS_EXPORT_KEYS.join(', ')})`;

/** The import of fields the rules accepted, normalised. */
export function invidiousImportOf(fields: Partial<Record<ImportKey, unknown>>): InvidiousImport {
  const patch = fields.preferences === undefined ? null : validatePatch(fields.preferences);
  return {
    subscriptions: (fields.subscriptions as string[] | undefined) ?? [],
    watchHistory: (fields.watch_history as string[] | undefined) ?? [],
    preferences: patch?.ok ? patch.values : {},
    playlists: (fields.playlists as unknown[] | undefined) ?? [],
  };
}
