/** Pure rules of the subscription list (docs/dialects/invidious.md#subscriptions). */

/** A user has at most this many subscriptions; shared by both dialects' subscribe routes and the imports. */
export const MAX_SUBSCRIPTIONS_PER_USER = 5000;

export interface Subscription {
  /** The channel's name in the catalog; "" until the catalog knows it (a channel not yet refreshed). */
  author: string;
  authorId: string;
}

/** Sorted by author ignoring case, then by id: the same order on every call. */
export function sortSubscriptions(subscriptions: Subscription[]): Subscription[] {
  const key = (s: Subscription) => s.author.toLowerCase();
  return [...subscriptions].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) return x < y ? -1 : 1;
    return a.authorId < b.authorId ? -1 : a.authorId > b.authorId ? 1 : 0;
  });
}

export const subscriptionLimitMessage = (total: number) =>
  `At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user: this would make ${total}; unsubscribe from some channels first`;

/** First occurrence wins. */
export const distinct = (ids: string[]): string[] => [...new Set(ids)];
