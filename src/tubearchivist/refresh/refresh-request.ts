import { isChannelId, isUpstreamPlaylistId, isVideoId } from '../../catalog/media/ids.js';
import { REFRESH_KINDS, type RefreshKind } from '../../catalog/refresh/refresh-jobs.js';

/** docs/dialects/tubearchivist.md#refresh. */
export const MAX_IDS_PER_REQUEST = 1000;

export type RefreshRequest = Record<RefreshKind, string[]>;

/** TubeArchivist's 400 body: the `status` marker, a summary, and per field every problem. */
export interface RefreshBadRequestBody {
  status: 'Bad Request';
  message: string;
  errors?: Record<string, string[]>;
}

export class RefreshRequestError extends Error {
  readonly body: RefreshBadRequestBody;

  constructor(message: string, errors?: Record<string, string[]>) {
    super(message);
    this.body = errors ? { status: 'Bad Request', message, errors } : { status: 'Bad Request', message };
  }
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

const isKind = (key: string): key is RefreshKind => (REFRESH_KINDS as readonly string[]).includes(key);

/**
 * `POST /api/refresh/` body, validated all or nothing: a JSON object with only video, channel and
 * playlist, each an array of valid ids, at most 1000 ids in all (counted before de-duplication).
 * No body counts as `{}`.
 */
export function parseRefreshBody(body: unknown): RefreshRequest {
  const request: RefreshRequest = { video: [], channel: [], playlist: [] };
  if (body === undefined) return request;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RefreshRequestError('body must be a JSON object');

  const shapeErrors: Record<string, string[]> = {};
  const lists: [RefreshKind, unknown[]][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!isKind(key)) shapeErrors[key] = [`unknown key ${JSON.stringify(key)}: expected video, channel or playlist`];
    else if (!Array.isArray(value)) shapeErrors[key] = [`${key} must be an array of ids`];
    else lists.push([key, value]);
  }
  const shapeProblems = Object.values(shapeErrors).flat();
  if (shapeProblems.length === 1) throw new RefreshRequestError(shapeProblems[0], shapeErrors);
  if (shapeProblems.length > 1) throw new RefreshRequestError(`${shapeProblems.length} problems; nothing was queued`, shapeErrors);

  const total = lists.reduce((sum, [, ids]) => sum + ids.length, 0);
  if (total > MAX_IDS_PER_REQUEST) throw new RefreshRequestError(`too many ids: ${total} given, at most ${MAX_IDS_PER_REQUEST}`);

  const idErrors: Record<string, string[]> = {};
  for (const [kind, ids] of lists) {
    const { valid, rule } = ID_RULES[kind];
    const bad = ids.filter((id) => !valid(id)).map((id) => `${shown(id)}: ${rule}`);
    if (bad.length) idErrors[kind] = bad;
    else request[kind] = ids as string[];
  }
  const invalid = Object.values(idErrors).flat().length;
  if (invalid) throw new RefreshRequestError(`${invalid} invalid id${invalid === 1 ? '' : 's'}; nothing was queued`, idErrors);
  return request;
}

/** TubeArchivist reads any non-empty value as true; tubevault also reads false, 0, no and off as false. */
export function parseExtractVideos(value: unknown): boolean {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof last !== 'string') return false;
  return !['', 'false', '0', 'no', 'off'].includes(last.trim().toLowerCase());
}

export interface RefreshStatusQuery {
  kind: RefreshKind | null;
  id: string | null;
}

/** `GET /api/refresh/` query: `type` and `id`, an empty value counting as absent. */
export function parseRefreshStatusQuery(query: Record<string, unknown>): RefreshStatusQuery {
  const present = (value: unknown) => value !== undefined && value !== '';
  const type = query.type;
  const id = query.id;
  if (present(type) && !(typeof type === 'string' && isKind(type))) {
    throw new RefreshRequestError(`type must be one of ${REFRESH_KINDS.join(', ')}`);
  }
  if (present(id) && !present(type)) throw new RefreshRequestError('id requires type');
  if (present(id) && typeof id !== 'string') throw new RefreshRequestError('id must be given once');
  return { kind: present(type) ? (type as RefreshKind) : null, id: present(id) ? (id as string) : null };
}
