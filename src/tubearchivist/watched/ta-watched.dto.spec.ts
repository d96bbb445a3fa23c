import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { WatchedRequestDto } from './ta-watched.dto.js';
import { WATCHED_MESSAGES, watchedTargetOf } from './watched-request.js';

const refusal = (body: unknown) => refusalOf(WatchedRequestDto, body);

describe('POST /api/watched/ body', () => {
  it.each([
    ['dQw4w9WgXcQ', { kind: 'video', id: 'dQw4w9WgXcQ' }],
    ['UCuAXFkgsw1L7xaCfnd5JJOw', { kind: 'channel', id: 'UCuAXFkgsw1L7xaCfnd5JJOw' }],
    ['PLBCF2DAC6FFB574DE', { kind: 'playlist', id: 'PLBCF2DAC6FFB574DE', local: false }],
    ['UUuAXFkgsw1L7xaCfnd5JJOw', { kind: 'playlist', id: 'UUuAXFkgsw1L7xaCfnd5JJOw', local: false }],
    ['IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK', { kind: 'playlist', id: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK', local: true }],
  ])('accepts %p and infers its kind', (id, target) => {
    const dto = validateRequest(WatchedRequestDto, { id, is_watched: false, extra: 1 });
    expect(dto).toEqual({ id, is_watched: false });
    expect(watchedTargetOf(dto.id)).toEqual(target);
  });

  it.each([
    [undefined, WATCHED_MESSAGES.missing],
    [[{ id: 'dQw4w9WgXcQ', is_watched: true }], WATCHED_MESSAGES.missing],
    [{ is_watched: true }, WATCHED_MESSAGES.missing],
    [{ id: '', is_watched: true }, WATCHED_MESSAGES.missing],
    [{ id: 'dQw4w9WgXcQ' }, WATCHED_MESSAGES.missing],
    [{ id: 12 }, WATCHED_MESSAGES.missing],
    [{ id: 'dQw4w9WgXcQ', is_watched: null }, WATCHED_MESSAGES.missing],
    [{ id: 12, is_watched: true }, WATCHED_MESSAGES.types],
    [{ id: '@x', is_watched: 'true' }, WATCHED_MESSAGES.types],
    [{ id: 'dQw4w9WgXcQ', is_watched: 'true' }, WATCHED_MESSAGES.types],
    [{ id: '@RickAstleyYT', is_watched: true }, WATCHED_MESSAGES.invalidId],
    [{ id: 'LL', is_watched: true }, WATCHED_MESSAGES.invalidId],
    [{ id: 'https://youtu.be/dQw4w9WgXcQ', is_watched: true }, WATCHED_MESSAGES.invalidId],
  ])('%p → %p', (body, message) => {
    expect(refusal(body)).toEqual({ status: 400, body: { message } });
  });
});
