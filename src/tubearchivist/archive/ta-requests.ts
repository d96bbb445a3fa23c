import { parseYoutubeReference, shown, type YoutubeReference } from './youtube-reference.js';

/**
 * Bodies of `POST /api/channel/` and `POST /api/download/` (docs/dialects/tubearchivist.md#subscribe, #download),
 * validated all or nothing before anything is resolved or written. Pure: no Nest, no network.
 */

export const MAX_ITEMS_PER_REQUEST = 1000;

/** A 400 with TubeArchivist's `{"message": …}` body. */
export class TaRequestError extends Error {}

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

/** `data`: an array of at most 1000 objects. */
function itemsOf(body: unknown): Record<string, unknown>[] {
  if (!isObject(body) || !('data' in body)) throw new TaRequestError('missing expected data key');
  const data = body.data;
  if (!Array.isArray(data)) throw new TaRequestError('data must be an array of objects');
  if (data.length > MAX_ITEMS_PER_REQUEST) throw new TaRequestError(`too many items: ${data.length} given, at most ${MAX_ITEMS_PER_REQUEST}`);
  data.forEach((item, index) => {
    if (!isObject(item)) throw new TaRequestError(`data[${index}] must be an object`);
  });
  return data as Record<string, unknown>[];
}

function field<T>(item: Record<string, unknown>, index: number, key: string, type: 'string' | 'boolean'): T {
  if (typeof item[key] !== type) throw new TaRequestError(`data[${index}].${key} must be a ${type}`);
  return item[key] as T;
}

export function parseSubscriptionBody(body: unknown): SubscriptionChange[] {
  const items = itemsOf(body).map((item, index) => ({
    value: field<string>(item, index, 'channel_id', 'string'),
    subscribe: field<boolean>(item, index, 'channel_subscribed', 'boolean'),
  }));
  return items.map(({ value, subscribe }) => {
    const ref = parseYoutubeReference(value);
    switch (ref.kind) {
      case 'channel':
      case 'channel-name':
        return { value, channel: ref, subscribe };
      case 'video':
      case 'playlist':
        throw new TaRequestError(`expected type channel: ${shown(value)}`);
      case 'invalid-domain':
        throw new TaRequestError(`invalid domain: ${shown(ref.host)}`);
      case 'unparseable':
        throw new TaRequestError(`channel not found: ${shown(value)}`);
    }
  });
}

/** Only `"status":"pending"` items are wanted (TA queues those and skips the rest). */
export function parseDownloadBody(body: unknown): DownloadItem[] {
  const items = itemsOf(body).map((item, index) => ({
    index,
    value: field<string>(item, index, 'youtube_id', 'string'),
    status: field<string>(item, index, 'status', 'string'),
  }));
  return items
    .filter((item) => item.status === 'pending')
    .map(({ index, value }) => {
      const ref = parseYoutubeReference(value);
      if (ref.kind === 'invalid-domain') throw new TaRequestError(`invalid domain: ${shown(ref.host)}`);
      if (ref.kind === 'unparseable') throw new TaRequestError(`data[${index}]: failed to parse: ${shown(value)}`);
      return { value, target: ref };
    });
}
