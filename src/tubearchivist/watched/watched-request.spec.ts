import { parseWatchedBody, WATCHED_MESSAGES, WatchedRequestError } from './watched-request.js';

describe('POST /api/watched/ body', () => {
  it.each([
    ['dQw4w9WgXcQ', { kind: 'video', id: 'dQw4w9WgXcQ' }],
    ['UCuAXFkgsw1L7xaCfnd5JJOw', { kind: 'channel', id: 'UCuAXFkgsw1L7xaCfnd5JJOw' }],
    ['PLBCF2DAC6FFB574DE', { kind: 'playlist', id: 'PLBCF2DAC6FFB574DE', local: false }],
    ['UUuAXFkgsw1L7xaCfnd5JJOw', { kind: 'playlist', id: 'UUuAXFkgsw1L7xaCfnd5JJOw', local: false }],
    ['IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK', { kind: 'playlist', id: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK', local: true }],
  ])('infers the kind of %p', (id, target) => {
    expect(parseWatchedBody({ id, is_watched: false })).toEqual({ target, watched: false });
  });

  it.each([
    [undefined, WATCHED_MESSAGES.missing],
    [{ is_watched: true }, WATCHED_MESSAGES.missing],
    [{ id: '', is_watched: true }, WATCHED_MESSAGES.missing],
    [{ id: 'dQw4w9WgXcQ' }, WATCHED_MESSAGES.missing],
    [{ id: 'dQw4w9WgXcQ', is_watched: null }, WATCHED_MESSAGES.missing],
    [{ id: 12, is_watched: true }, WATCHED_MESSAGES.types],
    [{ id: 'dQw4w9WgXcQ', is_watched: 'true' }, WATCHED_MESSAGES.types],
    [{ id: '@RickAstleyYT', is_watched: true }, WATCHED_MESSAGES.invalidId],
    [{ id: 'LL', is_watched: true }, WATCHED_MESSAGES.invalidId],
    [{ id: 'https://youtu.be/dQw4w9WgXcQ', is_watched: true }, WATCHED_MESSAGES.invalidId],
  ])('%p → %p', (body, message) => {
    expect(() => parseWatchedBody(body)).toThrow(new WatchedRequestError(message));
  });
});
