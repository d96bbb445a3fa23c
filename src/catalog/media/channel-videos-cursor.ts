/**
 * The opaque `continuation` of channel video pages (docs/dialects/invidious.md#channel-videos): the sort and the last row's
 * sort key and id, so the next page starts after it (keyset paging: new uploads never shift a page).
 */
export const CHANNEL_VIDEO_SORTS = ['newest', 'oldest', 'popular'] as const;
export type ChannelVideoSort = (typeof CHANNEL_VIDEO_SORTS)[number];

export interface ChannelVideosCursor {
  sort: ChannelVideoSort;
  /** `published` as an ISO string (newest, oldest) or the view count (popular); null sorts last. */
  key: string | number | null;
  id: string;
}

export function encodeCursor(cursor: ChannelVideosCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

/** The cursor for `sort`, or null (first page) for anything else: absent, `null`, foreign or tampered values. */
export function decodeCursor(text: string | undefined, sort: ChannelVideoSort): ChannelVideosCursor | null {
  if (!text || !/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== sort || typeof value[2] !== 'string') return null;
  const key: unknown = value[1];
  const keyFits = key === null || (sort === 'popular' ? Number.isSafeInteger(key) : typeof key === 'string' && !Number.isNaN(Date.parse(key)));
  return keyFits ? { sort, key: key as string | number | null, id: value[2] } : null;
}
