import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { RefreshOptionsQueryDto, RefreshRequestDto, RefreshStatusQueryDto } from './refresh.dto.js';

const V = 'dQw4w9WgXcQ';
const C = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const P = 'PLBCF2DAC6FFB574DE';

const refusal = (type: new () => object, value: unknown) => refusalOf(type, value)?.body;

describe('POST /api/refresh/ body', () => {
  it('accepts every kind, or no body', () => {
    expect(validateRequest(RefreshRequestDto, { video: [V], channel: [C], playlist: [P] })).toEqual({ video: [V], channel: [C], playlist: [P] });
    expect(validateRequest(RefreshRequestDto, {})).toEqual({});
    expect(validateRequest(RefreshRequestDto, undefined)).toEqual({});
  });

  it('keeps the body as sent', () => {
    expect(JSON.stringify(validateRequest(RefreshRequestDto, { playlist: [P], video: [V, V] }))).toBe(JSON.stringify({ playlist: [P], video: [V, V] }));
  });

  it('names every bad id, per field', () => {
    expect(refusal(RefreshRequestDto, { video: ['abc', V], channel: ['UCx'] })).toEqual({
      status: 'Bad Request',
      message: '2 invalid ids; nothing was queued',
      errors: {
        video: ['"abc": a video id is 11 characters of A-Z a-z 0-9 _ -'],
        channel: ['"UCx": a channel id is UC + 22 characters of A-Z a-z 0-9 _ -'],
      },
    });
    expect(refusal(RefreshRequestDto, { playlist: ['LLabcdefghijkl', 5] })).toMatchObject({
      message: '2 invalid ids; nothing was queued',
      errors: { playlist: [expect.stringMatching(/^"LLabcdefghijkl": a playlist id/), expect.stringMatching(/^5: /)] },
    });
    expect(refusal(RefreshRequestDto, { channel: ['UCx'] })).toEqual({
      status: 'Bad Request',
      message: '1 invalid id; nothing was queued',
      errors: { channel: [expect.any(String)] },
    });
  });

  it.each([
    [[], 'body must be a JSON object', undefined],
    [null, 'body must be a JSON object', undefined],
    ['video', 'body must be a JSON object', undefined],
    [{ foo: [] }, 'unknown key "foo": expected video, channel or playlist', { foo: ['unknown key "foo": expected video, channel or playlist'] }],
    [{ video: V }, 'video must be an array of ids', { video: ['video must be an array of ids'] }],
    [{ video: null }, 'video must be an array of ids', { video: ['video must be an array of ids'] }],
    [
      { video: V, bar: 1 },
      '2 problems; nothing was queued',
      { video: ['video must be an array of ids'], bar: ['unknown key "bar": expected video, channel or playlist'] },
    ],
    [{ video: Array(600).fill(V), channel: Array(401).fill(C) }, 'too many ids: 1001 given, at most 1000', undefined],
    [
      { video: Array(600).fill('x'), channel: Array(401).fill(C), foo: 1 },
      'unknown key "foo": expected video, channel or playlist',
      { foo: ['unknown key "foo": expected video, channel or playlist'] },
    ],
  ])('refuses %#: %p', (body, message, errors) => {
    expect(refusal(RefreshRequestDto, body)).toEqual(errors ? { status: 'Bad Request', message, errors } : { status: 'Bad Request', message });
  });

  it('accepts exactly 1000 ids, duplicates counted', () => {
    expect(validateRequest(RefreshRequestDto, { video: Array(1000).fill(V) }).video).toHaveLength(1000);
  });

  it('cuts a huge bad id short in the message', () => {
    const errors = (refusal(RefreshRequestDto, { video: ['x'.repeat(5000)] }) as { errors: { video: string[] } }).errors;
    expect(errors.video[0].length).toBeLessThan(120);
  });
});

describe('POST /api/refresh/ extract_videos', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    ['Off', false],
    ['true', true],
    ['1', true],
    ['yes', true],
    ['anything', true],
    [['false', 'true'], true],
  ])('%p → %p', (value, expected) => {
    expect(validateRequest(RefreshOptionsQueryDto, value === undefined ? { page: '2' } : { extract_videos: value }).extract_videos === true).toBe(expected);
  });
});

describe('GET /api/refresh/ query', () => {
  it('reads type and id, empty values counting as absent', () => {
    const read = (query: object) => {
      const dto = validateRequest(RefreshStatusQueryDto, query);
      return { kind: dto.kind, id: dto.item };
    };
    expect(read({})).toEqual({ kind: null, id: null });
    expect(read({ type: '', id: '' })).toEqual({ kind: null, id: null });
    expect(read({ type: 'video', id: 'anything at all' })).toEqual({ kind: 'video', id: 'anything at all' });
  });

  it.each([
    [{ id: V }, 'id requires type'],
    [{ type: 'all' }, 'type must be one of video, channel, playlist'],
    [{ type: 'all', id: V }, 'type must be one of video, channel, playlist'],
    [{ type: ['video', 'channel'] }, 'type must be one of video, channel, playlist'],
    [{ type: 'video', id: [V, V] }, 'id must be given once'],
  ])('refuses %p', (query, message) => {
    expect(refusal(RefreshStatusQueryDto, query)).toEqual({ status: 'Bad Request', message });
  });
});
