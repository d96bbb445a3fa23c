import type { FEED_SORTS } from '../preferences/preferences-schema.js';

/** The `sort` preference (docs/dialects/invidious.md#preferences). */
export type FeedSort = (typeof FEED_SORTS)[number];

interface Sortable {
  id: string;
  title: string | null;
  channelName: string | null;
}

/** Code-unit order, as Invidious compares strings; ties keep their `published` order (a stable sort). */
const byText =
  <T>(text: (item: T) => string) =>
  (a: T, b: T) => {
    const x = text(a);
    const y = text(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
const byTitle = byText<Sortable>((v) => v.title ?? '');
const byAuthor = byText<Sortable>((v) => v.channelName ?? '');

/**
 * Feed step 4 (docs/dialects/invidious.md#feed): a page (newest first as queried) in the user's `sort` order. `- reverse` reverses
 * the whole sorted list, as Invidious does.
 */
export function sortFeedPage<T extends Sortable>(videos: T[], sort: FeedSort): T[] {
  switch (sort) {
    case 'published':
      return [...videos];
    case 'published - reverse':
      return [...videos].reverse();
    case 'alphabetically':
      return [...videos].sort(byTitle);
    case 'alphabetically - reverse':
      return [...videos].sort(byTitle).reverse();
    case 'channel name':
      return [...videos].sort(byAuthor);
    case 'channel name - reverse':
      return [...videos].sort(byAuthor).reverse();
  }
}

/** Feed step 1: the notifications-only list stays newest first unless sorted by title or channel. */
export function sortNotificationsOnly<T extends Sortable>(videos: T[], sort: FeedSort): T[] {
  return sort === 'published' || sort === 'published - reverse' ? [...videos] : sortFeedPage(videos, sort);
}

/** Feed step 4, last: page videos on the user's notification list move to `notifications`, in page order. */
export function splitNotified<T extends Sortable>(page: T[], notified: ReadonlySet<string>): { notifications: T[]; videos: T[] } {
  return { notifications: page.filter((v) => notified.has(v.id)), videos: page.filter((v) => !notified.has(v.id)) };
}
