import { distinct, sortSubscriptions, subscriptionLimitMessage } from './subscription-list.js';

describe('subscription list', () => {
  it('sorts by author ignoring case, then by id', () => {
    const sorted = sortSubscriptions([
      { author: 'beta', authorId: 'UC2' },
      { author: 'Alpha', authorId: 'UC9' },
      { author: 'alpha', authorId: 'UC1' },
      { author: '', authorId: 'UC5' },
      { author: 'Beta', authorId: 'UC0' },
    ]);
    expect(sorted.map((s) => s.authorId)).toEqual(['UC5', 'UC1', 'UC9', 'UC0', 'UC2']);
  });

  it('keeps the first of duplicates', () => expect(distinct(['b', 'a', 'b'])).toEqual(['b', 'a']));

  it('names the limit and the fix', () => {
    expect(subscriptionLimitMessage(5001)).toBe('At most 5000 subscriptions per user: this would make 5001; unsubscribe from some channels first');
  });
});
