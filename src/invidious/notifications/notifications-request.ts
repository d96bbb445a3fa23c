import { CHANNEL_ID } from '../../catalog/media/ids.js';
import { parseFields, FieldsSyntaxError, type FieldSelection } from '../fields/fields.js';
import { InvalidInputError } from '../../platform/errors/domain-errors.js';

/** docs/dialects/invidious.md#notifications: at most this many topics per stream. */
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

/** A query value given once; the parsers hand repeated parameters over as arrays. */
function single(name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new InvalidInputError(`Invalid ${name}: give it once, as text`);
}

function shown(topic: string): string {
  return JSON.stringify(topic.length > SHOWN_TOPIC_LENGTH ? `${topic.slice(0, SHOWN_TOPIC_LENGTH)}…` : topic);
}

/**
 * `topics` (comma-separated, repeated parameters joined), `since` and `fields`. Every problem is a
 * 400 `{"error"}`, raised before the stream opens. No topics at all is allowed: Materialious opens the
 * stream without any, only to wait for its headers.
 */
export function parseNotificationsRequest(topics: unknown, since: unknown, fields: unknown): NotificationsRequest {
  const topicsText = Array.isArray(topics) && topics.every((t) => typeof t === 'string') ? topics.join(',') : single('topics', topics);
  const unique = [...new Set((topicsText ?? '').split(',').filter((topic) => topic !== ''))];
  if (unique.length > MAX_TOPICS) throw new InvalidInputError(`Too many topics: ${unique.length} (at most ${MAX_TOPICS})`);
  const offenders = unique.filter((topic) => topic !== DEBUG_TOPIC && !CHANNEL_ID.test(topic));
  if (offenders.length) {
    const more = offenders.length > SHOWN_OFFENDERS ? ` and ${offenders.length - SHOWN_OFFENDERS} more` : '';
    throw new InvalidInputError(
      `Invalid topics: ${offenders.slice(0, SHOWN_OFFENDERS).map(shown).join(', ')}${more}; each topic is a channel id (UC + 22 characters of A-Z a-z 0-9 _ -) or debug`,
    );
  }
  return {
    channelIds: unique.filter((topic) => topic !== DEBUG_TOPIC),
    debug: unique.includes(DEBUG_TOPIC),
    since: parseSince(single('since', since)),
    fields: parseFieldsParameter(single('fields parameter', fields)),
  };
}

/** Unix seconds; an empty value counts as absent (as everywhere in the Invidious dialect). */
function parseSince(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new InvalidInputError(`Invalid since ${shown(text)}: expected Unix seconds, an integer of at least 0`);
  return value;
}

/** Unlike `since`, an empty `fields` is an error: it would select nothing. */
function parseFieldsParameter(text: string | undefined): NotificationsRequest['fields'] {
  if (text === undefined) return null;
  try {
    return { text, selection: parseFields(text) };
  } catch (error) {
    if (error instanceof FieldsSyntaxError) throw new InvalidInputError(error.message);
    throw error;
  }
}
