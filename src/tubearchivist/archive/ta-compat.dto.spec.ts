import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { TaChannelSearchQueryDto, TaDownloadRequestDto, TaSubscriptionRequestDto } from './ta-compat.dto.js';
import { downloadItemsOf, subscriptionChangesOf } from './ta-requests.js';

describe('POST /api/channel/ body', () => {
  it('accepts ids, handles and channel URLs', () => {
    const dto = validateRequest(TaSubscriptionRequestDto, {
      data: [
        { channel_id: 'UCuAXFkgsw1L7xaCfnd5JJOw', channel_subscribed: false },
        { channel_id: '@RickAstleyYT', channel_subscribed: true },
      ],
    });
    expect(subscriptionChangesOf(dto.data)).toEqual([
      { value: 'UCuAXFkgsw1L7xaCfnd5JJOw', channel: { kind: 'channel', id: 'UCuAXFkgsw1L7xaCfnd5JJOw' }, subscribe: false },
      { value: '@RickAstleyYT', channel: { kind: 'channel-name', url: 'https://www.youtube.com/@RickAstleyYT' }, subscribe: true },
    ]);
  });

  it('keeps the body as sent, other keys included', () => {
    const body = { extra: 1, data: [{ channel_subscribed: true, channel_id: 'UCuAXFkgsw1L7xaCfnd5JJOw', note: 'x' }] };
    expect(JSON.stringify(validateRequest(TaSubscriptionRequestDto, body))).toBe(JSON.stringify(body));
  });

  it.each([
    [undefined, 'missing expected data key'],
    [[], 'missing expected data key'],
    [{ items: [] }, 'missing expected data key'],
    [{ data: {} }, 'data must be an array of objects'],
    [{ data: null }, 'data must be an array of objects'],
    [{ data: [null] }, 'data[0] must be an object'],
    [{ data: Array(1001).fill(null) }, 'too many items: 1001 given, at most 1000'],
    [{ data: [{ channel_id: 1, channel_subscribed: true }] }, 'data[0].channel_id must be a string'],
    [{ data: [{ channel_id: '@RickAstleyYT', channel_subscribed: 'yes' }] }, 'data[0].channel_subscribed must be a boolean'],
    [{ data: [{ channel_id: 'rick', channel_subscribed: true }, { channel_id: 2 }] }, 'data[1].channel_id must be a string'],
    [{ data: [{ channel_id: 'dQw4w9WgXcQ', channel_subscribed: true }] }, 'expected type channel: dQw4w9WgXcQ'],
    [{ data: [{ channel_id: 'https://youtu.be/dQw4w9WgXcQ', channel_subscribed: true }] }, 'expected type channel: https://youtu.be/dQw4w9WgXcQ'],
    [{ data: [{ channel_id: 'https://example.org/@x', channel_subscribed: true }] }, 'invalid domain: example.org'],
    [{ data: [{ channel_id: 'rick', channel_subscribed: true }] }, 'channel not found: rick'],
  ])('%p → %p', (body, message) => {
    expect(refusalOf(TaSubscriptionRequestDto, body)).toEqual({ status: 400, body: { message } });
  });
});

describe('POST /api/download/ body', () => {
  it('keeps pending items only', () => {
    const dto = validateRequest(TaDownloadRequestDto, {
      data: [
        { youtube_id: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', status: 'pending' },
        { youtube_id: 'not even an id', status: 'ignore' },
        { youtube_id: 'https://www.youtube.com/@RickAstleyYT/videos', status: 'pending' },
      ],
    });
    expect(downloadItemsOf(dto.data)).toEqual([
      { value: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', target: { kind: 'video', id: 'dQw4w9WgXcQ' } },
      { value: 'https://www.youtube.com/@RickAstleyYT/videos', target: { kind: 'channel-name', url: 'https://www.youtube.com/@RickAstleyYT' } },
    ]);
  });

  it.each([
    [{}, 'missing expected data key'],
    [{ data: [{ youtube_id: 'dQw4w9WgXcQ' }] }, 'data[0].status must be a string'],
    [{ data: [{ status: 'pending' }] }, 'data[0].youtube_id must be a string'],
    [{ data: [{ youtube_id: 'https://vimeo.com/1', status: 'pending' }] }, 'invalid domain: vimeo.com'],
    [
      {
        data: [
          { youtube_id: 'dQw4w9WgXcQ', status: 'pending' },
          { youtube_id: 'nope', status: 'pending' },
        ],
      },
      'data[1]: failed to parse: nope',
    ],
  ])('%p → %p', (body, message) => {
    expect(refusalOf(TaDownloadRequestDto, body)).toEqual({ status: 400, body: { message } });
  });
});

describe('GET /api/channel/search/ query', () => {
  it('takes the last q and ignores other parameters', () => {
    expect(validateRequest(TaChannelSearchQueryDto, { q: ['a', '@RickAstleyYT'], x: '1' })).toEqual({ q: '@RickAstleyYT' });
  });

  it.each([{}, { q: '' }, { q: '  ' }, { q: ['@a', ''] }])('refuses %p', (query) => {
    expect(refusalOf(TaChannelSearchQueryDto, query)).toEqual({ status: 400, body: { message: 'missing expected q parameter', data: false } });
  });
});
