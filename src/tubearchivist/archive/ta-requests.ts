import { parseYoutubeReference, shown, type YoutubeReference } from './youtube-reference.js';

/**
 * The rules of `POST /api/channel/` and `POST /api/download/` bodies
 * (docs/dialects/tubearchivist.md#subscribe, #download), checked all or nothing before anything is
 * resolved or written: `data`, a list of at most 1000 objects, each with its fields, then each
 * reference. Pure: no Nest, no network. Each rule answers the message of the first item that
 * breaks it, or null; a rule assumes the earlier ones hold.
 */

export const MAX_ITEMS_PER_REQUEST = 1000;

export const TA_LIST_MESSAGES = {
  missing: 'missing expected data key',
  notList: 'data must be an array of objects',
  tooMany: (count: number) => `too many items: ${count} given, at most ${MAX_ITEMS_PER_REQUEST}`,
  notObject: (index: number) => `data[${index}] must be an object`,
} as const;

/** A channel to resolve (`channel-name`) or a known channel id. */
export type ChannelReference = Extract<YoutubeReference, { kind: 'channel' | 'channel-name' }>;

export interface SubscriptionChange {
  /** As sent, for messages. */
  value: string;
  channel: ChannelReference;
  subscribe: boolean;
}

export interface DownloadItem {
  value: string;
  /** Videos, channels, playlists, or a channel to resolve. */
  target: Exclude<YoutubeReference, { kind: 'invalid-domain' | 'unparseable' }>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `data` as a list of objects, once the list rules hold. */
const itemsOf = (data: unknown): Record<string, unknown>[] => (Array.isArray(data) && data.every(isObject) ? (data as Record<string, unknown>[]) : []);

/** The list rules, in order: present, a list, at most 1000 items, every item an object. */
export const LIST_RULES: ((data: unknown) => string | null)[] = [
  (data) => (data === undefined ? TA_LIST_MESSAGES.missing : null),
  (data) => (data !== undefined && !Array.isArray(data) ? TA_LIST_MESSAGES.notList : null),
  (data) => (Array.isArray(data) && data.length > MAX_ITEMS_PER_REQUEST ? TA_LIST_MESSAGES.tooMany(data.length) : null),
  (data) => {
    const index = Array.isArray(data) ? data.findIndex((item) => !isObject(item)) : -1;
    return index === -1 ? null : TA_LIST_MESSAGES.notObject(index);
  },
];

/** Each item's fields are of their type, item by item, field by field. */
export function itemFieldsProblem(data: unknown, fields: [string, 'string' | 'boolean'][]): string | null {
  for (const [index, item] of itemsOf(data).entries()) {
    for (const [key, type] of fields) if (typeof item[key] !== type) return `data[${index}].${key} must be a ${type}`;
  }
  return null;
}

export const SUBSCRIPTION_FIELDS: [string, 'string' | 'boolean'][] = [
  ['channel_id', 'string'],
  ['channel_subscribed', 'boolean'],
];

export const DOWNLOAD_FIELDS: [string, 'string' | 'boolean'][] = [
  ['youtube_id', 'string'],
  ['status', 'string'],
];

function subscriptionChangeOf(item: Record<string, unknown>): SubscriptionChange | string {
  const value = item.channel_id as string;
  const ref = parseYoutubeReference(value);
  switch (ref.kind) {
    case 'channel':
    case 'channel-name':
      return { value, channel: ref, subscribe: item.channel_subscribed as boolean };
    case 'video':
    case 'playlist':
      return `expected type channel: ${shown(value)}`;
    case 'invalid-domain':
      return `invalid domain: ${shown(ref.host)}`;
    case 'unparseable':
      return `channel not found: ${shown(value)}`;
  }
}

/** The first item whose `channel_id` names no channel, or null. */
export function subscriptionReferenceProblem(data: unknown): string | null {
  if (itemFieldsProblem(data, SUBSCRIPTION_FIELDS)) return null;
  for (const item of itemsOf(data)) {
    const change = subscriptionChangeOf(item);
    if (typeof change === 'string') return change;
  }
  return null;
}

/** The changes of a `data` list the rules accepted. */
export function subscriptionChangesOf(data: readonly object[]): SubscriptionChange[] {
  return data.map((item) => subscriptionChangeOf(item as Record<string, unknown>) as SubscriptionChange);
}

/** Only `"status":"pending"` items are wanted (TA queues those and skips the rest). */
function downloadItemOf(item: Record<string, unknown>, index: number): DownloadItem | string {
  const value = item.youtube_id as string;
  const ref = parseYoutubeReference(value);
  if (ref.kind === 'invalid-domain') return `invalid domain: ${shown(ref.host)}`;
  if (ref.kind === 'unparseable') return `data[${index}]: failed to parse: ${shown(value)}`;
  return { value, target: ref };
}

/** The first pending item whose `youtube_id` cannot be parsed, or null. */
export function downloadReferenceProblem(data: unknown): string | null {
  if (itemFieldsProblem(data, DOWNLOAD_FIELDS)) return null;
  for (const [index, item] of itemsOf(data).entries()) {
    if (item.status !== 'pending') continue;
    const download = downloadItemOf(item, index);
    if (typeof download === 'string') return download;
  }
  return null;
}

/** The pending items of a `data` list the rules accepted. */
export function downloadItemsOf(data: readonly object[]): DownloadItem[] {
  return (data as Record<string, unknown>[]).flatMap((item, index) => (item.status === 'pending' ? [downloadItemOf(item, index) as DownloadItem] : []));
}
