import { parseYoutubeReference } from './youtube-reference.js';

const VIDEO = 'dQw4w9WgXcQ';
const CHANNEL = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const PLAYLIST = 'PLBCF2DAC6FFB574DE';

describe('parseYoutubeReference', () => {
  it.each([
    [VIDEO, { kind: 'video', id: VIDEO }],
    [` ${CHANNEL} `, { kind: 'channel', id: CHANNEL }],
    [PLAYLIST, { kind: 'playlist', id: PLAYLIST }],
    [`https://www.youtube.com/watch?v=${VIDEO}&list=${PLAYLIST}`, { kind: 'video', id: VIDEO }],
    [`https://www.youtube.com/watch?list=${PLAYLIST}`, { kind: 'playlist', id: PLAYLIST }],
    [`https://m.youtube.com/shorts/${VIDEO}`, { kind: 'video', id: VIDEO }],
    [`https://youtu.be/${VIDEO}?t=42`, { kind: 'video', id: VIDEO }],
    [`youtube.com/playlist?list=${PLAYLIST}`, { kind: 'playlist', id: PLAYLIST }],
    [`https://www.youtube.com/channel/${CHANNEL}/videos`, { kind: 'channel', id: CHANNEL }],
    ['@RickAstleyYT', { kind: 'channel-name', url: 'https://www.youtube.com/@RickAstleyYT' }],
    ['https://www.youtube.com/@RickAstleyYT/videos', { kind: 'channel-name', url: 'https://www.youtube.com/@RickAstleyYT' }],
    ['https://www.youtube.com/c/RickAstley', { kind: 'channel-name', url: 'https://www.youtube.com/c/RickAstley' }],
    ['https://www.youtube.com/user/RickAstleyVEVO/featured', { kind: 'channel-name', url: 'https://www.youtube.com/user/RickAstleyVEVO' }],
    ['https://vimeo.com/12345', { kind: 'invalid-domain', host: 'vimeo.com' }],
    ['https://notyoutube.com/watch?v=dQw4w9WgXcQ', { kind: 'invalid-domain', host: 'notyoutube.com' }],
    ['https://www.youtube.com/playlist?list=LL', { kind: 'unparseable' }],
    ['https://www.youtube.com/feed/subscriptions', { kind: 'unparseable' }],
    ['https://youtu.be/short', { kind: 'unparseable' }],
    ['ftp://www.youtube.com/watch?v=dQw4w9WgXcQ', { kind: 'unparseable' }],
    ['rick astley', { kind: 'unparseable' }],
    ['@x', { kind: 'unparseable' }],
    ['', { kind: 'unparseable' }],
  ])('%p', (value, expected) => {
    expect(parseYoutubeReference(value)).toEqual(expected);
  });
});
