import { durationStr, toTaChannel, toTaPlaylist, toTaVideo, type TaChannelRow, type TaVideoRow } from './ta-objects.js';

const CREATED = new Date('2024-05-01T12:00:00Z');
const channel: TaChannelRow = {
  id: 'UCuAXFkgsw1L7xaCfnd5JJOw',
  name: 'Rick Astley',
  description: null,
  subscriberCount: 4100000,
  missingUpstream: false,
  createdAt: CREATED,
  lastRefreshedAt: null,
  subscribed: true,
};
const video: TaVideoRow = {
  id: 'dQw4w9WgXcQ',
  title: 'Never Gonna Give You Up',
  description: 'desc',
  published: new Date('2009-10-25T06:57:33Z'),
  lengthSeconds: 213,
  viewCount: 1500000000,
  likeCount: null,
  genre: 'Music',
  liveNow: false,
  isUpcoming: false,
  missingUpstream: false,
  createdAt: CREATED,
  lastRefreshedAt: new Date('2024-05-02T01:00:00Z'),
  channel,
  playlistIds: [],
  watchedAt: new Date(1714600000 * 1000),
};

describe('TubeArchivist objects', () => {
  it.each([
    [0, 'NA'],
    [5, '5s'],
    [59, '59s'],
    [60, '1m'],
    [65, '1m 05s'],
    [213, '3m 33s'],
    [3605, '1h 05s'],
    [3725, '1h 02m 05s'],
    [86400 + 61, '1d 01m 01s'],
    [366 * 86400, '1y 01d'],
  ])('duration_str of %p is %p', (seconds, text) => {
    expect(durationStr(seconds)).toBe(text);
  });

  it('emits the video fields in ASCII order, with the caller state and the art paths', () => {
    const object = toTaVideo(video);
    expect(Object.keys(object)).toEqual([...Object.keys(object)].sort());
    expect(object).toMatchObject({
      category: ['Music'],
      date_downloaded: 1714564800,
      media_url: null,
      player: { duration: 213, duration_str: '3m 33s', watched: true, watched_date: 1714600000 },
      published: '2009-10-25',
      stats: { average_rating: null, dislike_count: 0, like_count: 0, view_count: 1500000000 },
      vid_last_refresh: '2024-05-02',
      vid_thumb_url: '/cache/videos/d/dQw4w9WgXcQ.jpg',
      vid_type: 'videos',
    });
    expect(object).not.toHaveProperty('subtitles');
    expect(toTaVideo({ ...video, watchedAt: null }).player).toEqual({ duration: 213, duration_str: '3m 33s', watched: false });
    expect(toTaVideo({ ...video, isUpcoming: true }).vid_type).toBe('streams');
  });

  it('emits the channel fields in ASCII order; unknown dates fall back to when the item entered the catalog', () => {
    const object = toTaChannel(channel);
    expect(Object.keys(object)).toEqual([...Object.keys(object)].sort());
    expect(object).toMatchObject({
      channel_description: '',
      channel_last_refresh: '2024-05-01',
      channel_thumb_url: '/cache/channels/UCuAXFkgsw1L7xaCfnd5JJOw_thumb.jpg',
      channel_views: 0,
    });
  });

  it('numbers playlist entries from 0', () => {
    const object = toTaPlaylist({
      id: 'PLBCF2DAC6FFB574DE',
      title: 'Hits',
      author: null,
      channelId: null,
      description: null,
      missingUpstream: true,
      createdAt: CREATED,
      lastRefreshedAt: null,
      entries: [
        { videoId: 'dQw4w9WgXcQ', title: 'T', uploader: 'U', inCatalog: true },
        { videoId: 'zzzzzzzzzzz', title: null, uploader: null, inCatalog: false },
      ],
    });
    expect(Object.keys(object)).toEqual([...Object.keys(object)].sort());
    expect(object.playlist_active).toBe(false);
    expect(object.playlist_entries).toEqual([
      { youtube_id: 'dQw4w9WgXcQ', title: 'T', uploader: 'U', idx: 0, downloaded: true },
      { youtube_id: 'zzzzzzzzzzz', title: null, uploader: null, idx: 1, downloaded: false },
    ]);
  });
});
