import { CHANNEL_ID } from '../../catalog/media/ids.js';
import { parseFields, FieldsSyntaxError, type FieldSelection } from '../fields/fields.js';

/**
 * The rules of a notification stream's `topics`, `since`, `fields` and `local`
 * (docs/dialects/invidious.md#notifications). Pure: no Nest. Every problem is a 400 raised before
 * the stream opens.
 */

/** At most this many topics per stream. */
export const MAX_TOPICS = 1000;
/** The topic that sends a pseudo-random catalog video now and then. */
export const DEBUG_TOPIC = 'debug';
/** Offending topics named in a 400, at most. */
const SHOWN_OFFENDERS = 10;
const SHOWN_TOPIC_LENGTH = 40;

/** What a stream is asked for, validated. */
export interface NotificationsRequest {
  /** Channel topics, de-duplicated, in the order given. */
  channelIds: string[];
  debug: boolean;
  /** Replay videos published after this (Unix seconds), or no replay. */
  since: number | null;
  /** `text` identifies equal selections, so streams that ask the same share one serialized payload. */
  fields: { text: string; selection: FieldSelection } | null;
}

/**
 * How a stream's events are built besides `fields`, as `GET /api/v1/videos/:id` builds its answer:
 * `origin` is tubevault's (for `dashUrl` and local URLs), `local` the stream's `local=true`.
 */
export interface EventView {
  origin: string;
  local: boolean;
}

function shown(topic: string): string {
  return JSON.stringify(topic.length > SHOWN_TOPIC_LENGTH ? `${topic.slice(0, SHOWN_TOPIC_LENGTH)}…` : topic);
}

/** Why a parameter given more than once is refused (the parsers hand those over as arrays), or null. */
export const givenTwiceProblem = (name: string, value: unknown): string | null =>
  value === undefined || typeof value === 'string' ? null : `Invalid ${name}: give it once, as text`;

/** `topics` as one comma-separated text: a repeated parameter's values joined; anything else as it came. */
export const joinedTopics = (topics: unknown): unknown => (Array.isArray(topics) && topics.every((t) => typeof t === 'string') ? topics.join(',') : topics);

/** The topics of a joined text, without empty items and duplicates, in the order given. */
export const topicsOf = (text: unknown): string[] => (typeof text === 'string' ? [...new Set(text.split(',').filter((topic) => topic !== ''))] : []);

export function topicCountProblem(text: unknown): string | null {
  const count = topicsOf(text).length;
  return count > MAX_TOPICS ? `Too many topics: ${count} (at most ${MAX_TOPICS})` : null;
}

export function topicsProblem(text: unknown): string | null {
  const offenders = topicsOf(text).filter((topic) => topic !== DEBUG_TOPIC && !CHANNEL_ID.test(topic));
  if (!offenders.length) return null;
  const more = offenders.length > SHOWN_OFFENDERS ? ` and ${offenders.length - SHOWN_OFFENDERS} more` : '';
  return `Invalid topics: ${offenders.slice(0, SHOWN_OFFENDERS).map(shown).join(', ')}${more}; each topic is a channel id (UC + 22 characters of A-Z a-z 0-9 _ -) or debug`;
}

/** Unix seconds; an empty value counts as absent (as everywhere in the Invidious dialect). */
export function sinceOf(text: unknown): number | null {
  if (typeof text !== 'string' || text === '') return null;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) ? value : null;
}

export function sinceProblem(text: unknown): string | null {
  if (typeof text !== 'string' || text === '' || sinceOf(text) !== null) return null;
  return `Invalid since ${shown(text)}: expected Unix seconds, an integer of at least 0`;
}

/** Unlike `since`, an empty `fields` is an error: it would select nothing. */
export function fieldsProblem(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  try {
    parseFields(text);
    return null;
  } catch (error) {
    if (error instanceof FieldsSyntaxError) return error.message;
    throw error;
  }
}

/** What `local` accepts, as on every Invidious route; `true` and `1` turn it on. */
export const LOCAL_VALUES = ['true', 'false', '1', '0'];

export const localOf = (text: unknown): boolean => text === 'true' || text === '1';

export function localProblem(text: unknown): string | null {
  if (typeof text !== 'string' || LOCAL_VALUES.includes(text)) return null;
  return `Invalid local ${shown(text)}: expected true, false, 1 or 0`;
}

/** The request of parameters the rules above accepted. */
export function notificationsRequestOf(topics: unknown, since: unknown, fields: unknown): NotificationsRequest {
  const unique = topicsOf(topics);
  return {
    channelIds: unique.filter((topic) => topic !== DEBUG_TOPIC),
    debug: unique.includes(DEBUG_TOPIC),
    since: sinceOf(since),
    fields: typeof fields === 'string' ? { text: fields, selection: parseFields(fields) } : null,
  };
}
