import { sortFeedPage, sortNotificationsOnly, splitNotified } from './feed-order.js';

// Newest first, as the feed query returns them.
const page = [
  { id: 'a', title: 'banana', channelName: 'Zed' },
  { id: 'b', title: 'Apple', channelName: 'alpha' },
  { id: 'c', title: 'cherry', channelName: 'Zed' },
  { id: 'd', title: 'apple', channelName: 'Beta' },
];
const ids = (videos: { id: string }[]) => videos.map((v) => v.id).join('');

describe('feed order (docs/dialects/invidious.md#feed step 4)', () => {
  it.each([
    ['published', 'abcd'],
    ['published - reverse', 'dcba'],
    // Code-unit order, as Invidious compares: upper case first.
    ['alphabetically', 'bdac'],
    ['alphabetically - reverse', 'cadb'],
    // Ties keep their published order; the reverse reverses everything.
    ['channel name', 'dacb'],
    ['channel name - reverse', 'bcad'],
  ] as const)('%s → %s', (sort, expected) => {
    expect(ids(sortFeedPage(page, sort))).toBe(expected);
  });

  it('does not change its input', () => {
    sortFeedPage(page, 'alphabetically');
    expect(ids(page)).toBe('abcd');
  });

  it('keeps notifications-only lists newest first unless sorted by title or channel', () => {
    expect(ids(sortNotificationsOnly(page, 'published'))).toBe('abcd');
    expect(ids(sortNotificationsOnly(page, 'published - reverse'))).toBe('abcd');
    expect(ids(sortNotificationsOnly(page, 'alphabetically'))).toBe('bdac');
    expect(ids(sortNotificationsOnly(page, 'channel name - reverse'))).toBe('bcad');
  });

  it('moves notified videos to notifications, each list in page order', () => {
    const { notifications, videos } = splitNotified(page, new Set(['c', 'a', 'zz']));
    expect(ids(notifications)).toBe('ac');
    expect(ids(videos)).toBe('bd');
  });
});
