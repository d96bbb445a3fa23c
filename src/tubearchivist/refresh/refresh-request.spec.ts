import { parseExtractVideos, parseRefreshBody, parseRefreshStatusQuery, RefreshRequestError } from './refresh-request.js';

const V = 'dQw4w9WgXcQ';
const C = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const P = 'PLBCF2DAC6FFB574DE';

function bodyOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefreshRequestError) return error.body;
    throw error;
  }
  throw new Error('expected a RefreshRequestError');
}

describe('POST /api/refresh/ body', () => {
  it('accepts every kind, or no body', () => {
    expect(parseRefreshBody({ video: [V], channel: [C], playlist: [P] })).toEqual({ video: [V], channel: [C], playlist: [P] });
    expect(parseRefreshBody({})).toEqual({ video: [], channel: [], playlist: [] });
    expect(parseRefreshBody(undefined)).toEqual({ video: [], channel: [], playlist: [] });
  });

  it('names every bad id, per field (the spec example)', () => {
    expect(bodyOf(() => parseRefreshBody({ video: ['abc', V], channel: ['UCx'] }))).toEqual({
      status: 'Bad Request',
      message: '2 invalid ids; nothing was queued',
      errors: {
        video: ['"abc": a video id is 11 characters of A-Z a-z 0-9 _ -'],
        channel: ['"UCx": a channel id is UC + 22 characters of A-Z a-z 0-9 _ -'],
      },
    });
    expect(bodyOf(() => parseRefreshBody({ playlist: ['LLabcdefghijkl', 5] }))).toMatchObject({ message: '2 invalid ids; nothing was queued', errors: { playlist: [expect.stringMatching(/^"LLabcdefghijkl": a playlist id/), expect.stringMatching(/^5: /)] } });
  });

  it.each([
    [[], 'body must be a JSON object'],
    [null, 'body must be a JSON object'],
    ['video', 'body must be a JSON object'],
    [{ foo: [] }, 'unknown key "foo": expected video, channel or playlist'],
    [{ video: V }, 'video must be an array of ids'],
    [{ video: V, bar: 1 }, '2 problems; nothing was queued'],
    [{ video: Array(600).fill(V), channel: Array(401).fill(C) }, 'too many ids: 1001 given, at most 1000'],
  ])('refuses %#: %p', (body, message) => {
    expect(bodyOf(() => parseRefreshBody(body))).toMatchObject({ status: 'Bad Request', message });
  });

  it('accepts exactly 1000 ids, duplicates counted', () => {
    expect(parseRefreshBody({ video: Array(1000).fill(V) }).video).toHaveLength(1000);
  });

  it('cuts a huge bad id short in the message', () => {
    const errors = (bodyOf(() => parseRefreshBody({ video: ['x'.repeat(5000)] })) as { errors: { video: string[] } }).errors;
    expect(errors.video[0].length).toBeLessThan(120);
  });
});

describe('extract_videos', () => {
  it.each([
    [undefined, false], ['', false], ['false', false], ['FALSE', false], ['0', false], ['no', false], ['Off', false],
    ['true', true], ['1', true], ['yes', true], ['anything', true], [['false', 'true'], true],
  ])('%p → %p', (value, expected) => expect(parseExtractVideos(value)).toBe(expected));
});

describe('GET /api/refresh/ query', () => {
  it('reads type and id, empty values counting as absent', () => {
    expect(parseRefreshStatusQuery({})).toEqual({ kind: null, id: null });
    expect(parseRefreshStatusQuery({ type: '', id: '' })).toEqual({ kind: null, id: null });
    expect(parseRefreshStatusQuery({ type: 'video', id: 'anything at all' })).toEqual({ kind: 'video', id: 'anything at all' });
  });

  it.each([
    [{ id: V }, 'id requires type'],
    [{ type: 'all' }, 'type must be one of video, channel, playlist'],
    [{ type: ['video', 'channel'] }, 'type must be one of video, channel, playlist'],
  ])('refuses %p', (query, message) => {
    expect(bodyOf(() => parseRefreshStatusQuery(query))).toEqual({ status: 'Bad Request', message });
  });
});
