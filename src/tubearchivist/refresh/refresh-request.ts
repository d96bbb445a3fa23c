import { isChannelId, isUpstreamPlaylistId, isVideoId } from '../../catalog/media/ids.js';
import { REFRESH_KINDS, type RefreshKind } from '../../catalog/refresh/refresh-jobs.js';

/** `/api/refresh/`'s request rules (docs/dialects/tubearchivist.md#refresh). Pure: no Nest, no network. */

export const MAX_IDS_PER_REQUEST = 1000;

/** TubeArchivist's 400 body: the `status` marker, a summary, and per field every problem. */
export interface RefreshBadRequestBody {
  status: 'Bad Request';
  message: string;
  errors?: Record<string, string[]>;
}

const ID_RULES: Record<RefreshKind, { valid: (value: unknown) => boolean; rule: string }> = {
  video: { valid: isVideoId, rule: 'a video id is 11 characters of A-Z a-z 0-9 _ -' },
  channel: { valid: isChannelId, rule: 'a channel id is UC + 22 characters of A-Z a-z 0-9 _ -' },
  playlist: { valid: isUpstreamPlaylistId, rule: 'a playlist id is PL, UU, OL, FL or UL + 10-62 characters of A-Z a-z 0-9 _ -' },
};

/** The offending value as JSON, cut short so a huge value cannot bloat the answer. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

export const isRefreshKind = (key: unknown): key is RefreshKind => typeof key === 'string' && (REFRESH_KINDS as readonly string[]).includes(key);

export const REFRESH_MESSAGES = {
  notObject: 'body must be a JSON object',
  unknownKey: (key: string) => `unknown key ${JSON.stringify(key)}: expected video, channel or playlist`,
  notList: (kind: RefreshKind) => `${kind} must be an array of ids`,
  tooMany: (total: number) => `too many ids: ${total} given, at most ${MAX_IDS_PER_REQUEST}`,
  problems: (count: number) => `${count} problems; nothing was queued`,
  invalidIds: (count: number) => `${count} invalid id${count === 1 ? '' : 's'}; nothing was queued`,
  badType: `type must be one of ${REFRESH_KINDS.join(', ')}`,
  idWithoutType: 'id requires type',
  idTwice: 'id must be given once',
} as const;

/** A list's bad ids, each with the rule it breaks (an empty list when all are valid). */
export function invalidIdsOf(kind: RefreshKind, ids: unknown[]): string[] {
  const { valid, rule } = ID_RULES[kind];
  return ids.filter((id) => !valid(id)).map((id) => `${shown(id)}: ${rule}`);
}

/** How many ids the lists of a body hold in all (counted before de-duplication). */
export function totalIdsOf(body: Record<string, unknown>): number {
  return REFRESH_KINDS.reduce((sum, kind) => sum + (Array.isArray(body[kind]) ? body[kind].length : 0), 0);
}

/** TubeArchivist reads any non-empty value as true; tubevault also reads false, 0, no and off as false. */
export function parseExtractVideos(value: unknown): boolean {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof last !== 'string') return false;
  return !['', 'false', '0', 'no', 'off'].includes(last.trim().toLowerCase());
}

/** A query parameter given with an empty value counts as absent. */
export const presentParameter = (value: unknown) => value !== undefined && value !== '';
