import { decodeCursor, encodeCursor } from './channel-videos-cursor.js';

describe('channel videos continuation', () => {
  it('round-trips for its own sort', () => {
    const cursor = { sort: 'newest' as const, key: '2024-01-02T03:04:05.000Z', id: 'dQw4w9WgXcQ' };
    expect(decodeCursor(encodeCursor(cursor), 'newest')).toEqual(cursor);
    const popular = { sort: 'popular' as const, key: 1234, id: 'dQw4w9WgXcQ' };
    expect(decodeCursor(encodeCursor(popular), 'popular')).toEqual(popular);
    expect(decodeCursor(encodeCursor({ sort: 'oldest', key: null, id: 'x' }), 'oldest')).toEqual({ sort: 'oldest', key: null, id: 'x' });
  });

  it.each([undefined, '', 'null', '!!!', 'eyJh', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["popular","x","id"]').toString('base64url')])(
    'treats %p as the first page',
    (text) => expect(decodeCursor(text, 'popular')).toBeNull(),
  );

  it('ignores a cursor made for another sort', () => {
    const text = encodeCursor({ sort: 'newest', key: '2024-01-02T03:04:05.000Z', id: 'dQw4w9WgXcQ' });
    expect(decodeCursor(text, 'oldest')).toBeNull();
  });
});
