/**
 * Catalog events: published on the Redis channel `redis.key(...CATALOG_EVENTS_CHANNEL)` once per
 * video that is new to the catalog (`video.created`) or whose known title or description changed
 * (`video.updated`; a value filled in for the first time is not a change). Consumers (notifications,
 * feed) read the video itself from the catalog. Delivery is at most once: an event is published after
 * its transaction commits, so a crash in between loses it.
 */
export const CATALOG_EVENTS_CHANNEL = ['catalog', 'events'] as const;

export const CATALOG_EVENT_TYPES = ['video.created', 'video.updated'] as const;
export type CatalogEventType = (typeof CATALOG_EVENT_TYPES)[number];

export interface CatalogEvent {
  type: CatalogEventType;
  videoId: string;
  channelId: string;
  /** When the change was committed, Unix milliseconds. */
  at: number;
}

/** The wire form: one JSON object per message. */
export const serializeCatalogEvent = (event: CatalogEvent): string => JSON.stringify(event);

/** Reads a message from the channel; anything else on it (a foreign or future format) gives null. */
export function parseCatalogEvent(message: string): CatalogEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { type, videoId, channelId, at } = value as Record<string, unknown>;
  if (!CATALOG_EVENT_TYPES.includes(type as CatalogEventType)) return null;
  if (typeof videoId !== 'string' || typeof channelId !== 'string' || typeof at !== 'number') return null;
  return { type: type as CatalogEventType, videoId, channelId, at };
}
