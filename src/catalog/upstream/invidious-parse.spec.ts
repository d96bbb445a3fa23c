import { parseChannel, parseChannelVideosPage, parsePlaylistPage, parseVideo } from './invidious-parse.js';
import { MalformedBody } from './json-fields.js';

const BASE = 'https://invidious.example/';
const UCID = 'UCuAXFkgsw1L7xaCfnd5JJOw';

const video = {
  type: 'video',
  title: 'Never Gonna Give You Up',
  videoId: 'dQw4w9WgXcQ',
  videoThumbnails: [
    { quality: 'maxres', url: '/vi/dQw4w9WgXcQ/maxres.jpg', width: 1280, height: 720 },
    { quality: 'broken', url: 'javascript:alert(1)', width: 1, height: 1 },
    { quality: 'high', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg', width: 480, height: 360 },
  ],
  description: 'The official video',
  published: 1256453580,
  viewCount: 1500000000,
  likeCount: 18000000,
  genre: 'Music',
  author: 'Rick Astley',
  authorId: UCID,
  authorThumbnails: [{ url: '//yt3.ggpht.com/a=s48', width: 48, height: 48 }],
  lengthSeconds: 212,
  liveNow: false,
  isUpcoming: false,
  subCountText: '4.1M',
};

describe('Invidious JSON parsing', () => {
  it('reads a video, resolving relative image URLs against the instance', () => {
    const record = parseVideo(video, BASE);
    expect(record).toMatchObject({
      id: 'dQw4w9WgXcQ',
      channelId: UCID,
      channelName: 'Rick Astley',
      title: 'Never Gonna Give You Up',
      published: new Date(1256453580_000),
      publishedIsApproximate: false,
      lengthSeconds: 212,
      viewCount: 1500000000,
      genre: 'Music',
      premiereAt: null,
    });
    expect(record.thumbnails).toEqual([
      { quality: 'maxres', url: 'https://invidious.example/vi/dQw4w9WgXcQ/maxres.jpg', width: 1280, height: 720 },
      { quality: 'high', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg', width: 480, height: 360 },
    ]);
    expect(record.channelThumbnails).toEqual([{ url: 'https://yt3.ggpht.com/a=s48', width: 48, height: 48 }]);
  });

  it('reads mistyped optional fields as unknown', () => {
    const record = parseVideo({ ...video, viewCount: '12', lengthSeconds: -1, published: 0, genre: '', liveNow: 'no' }, BASE);
    expect(record).toMatchObject({ viewCount: null, lengthSeconds: null, published: null, genre: null, liveNow: null });
  });

  it.each([
    [[], /video is not a JSON object/],
    [{ ...video, title: undefined }, /video dQw4w9WgXcQ: "title" is missing/],
    [{ ...video, title: 5 }, /"title" is not a string/],
    [{ ...video, videoId: 'short' }, /"videoId" "short" is not a valid id/],
    [{ ...video, authorId: 'UCx' }, /"authorId" "UCx" is not a valid id/],
  ])('refuses a malformed video (%#) with a readable reason', (json, reason) => {
    expect(() => parseVideo(json, BASE)).toThrow(MalformedBody);
    expect(() => parseVideo(json, BASE)).toThrow(reason);
  });

  it('reads a channel', () => {
    const record = parseChannel(
      {
        author: 'Rick Astley',
        authorId: UCID,
        description: 'Official',
        subCount: 4100000,
        totalViews: 5,
        joined: 1150000000,
        authorBanners: [{ url: 'https://b/x=w1060-', width: 1060, height: 175 }],
        authorThumbnails: [],
      },
      BASE,
    );
    expect(record).toMatchObject({ id: UCID, name: 'Rick Astley', subscriberCount: 4100000, totalViews: 5, joined: new Date(1150000000_000), thumbnails: [] });
    expect(() => parseChannel({ authorId: UCID }, BASE)).toThrow(/"author" is missing/);
  });

  it('reads a channel page: no description (only a snippet there), an approximate date, the continuation', () => {
    const page = parseChannelVideosPage({ videos: [{ ...video, description: 'snippet…' }], continuation: 'abc' }, BASE, UCID);
    expect(page.continuation).toBe('abc');
    expect(page.videos[0]).toMatchObject({ id: 'dQw4w9WgXcQ', description: null, publishedIsApproximate: true });
    expect(parseChannelVideosPage({ videos: [] }, BASE, UCID).continuation).toBeNull();
    expect(() => parseChannelVideosPage({ videos: [{ title: 'x' }] }, BASE, UCID)).toThrow(/item 0: "videoId" is missing/);
    expect(() => parseChannelVideosPage({ items: [] }, BASE, UCID)).toThrow(/"videos" is missing/);
  });

  it('reads a playlist page, skipping deleted entries', () => {
    const page = parsePlaylistPage(
      {
        playlistId: 'PLBCF2DAC6FFB574DE',
        title: 'Mix',
        author: 'Rick Astley',
        authorId: UCID,
        playlistThumbnail: '/vi/dQw4w9WgXcQ/mqdefault.jpg',
        videoCount: 3,
        videos: [
          { title: 'A', videoId: 'dQw4w9WgXcQ', author: 'Rick Astley', authorId: UCID, index: 0, lengthSeconds: 212 },
          { title: '[Deleted video]', videoId: 'xxxxxxxxxxx', author: '', authorId: '', index: 1 },
          { title: 'C', videoId: 'yPYZpwSpKmA', author: 'Rick Astley', authorId: UCID, index: 2 },
        ],
      },
      BASE,
    );
    expect(page.playlist).toEqual({
      id: 'PLBCF2DAC6FFB574DE',
      title: 'Mix',
      author: 'Rick Astley',
      channelId: UCID,
      description: null,
      thumbnailUrl: 'https://invidious.example/vi/dQw4w9WgXcQ/mqdefault.jpg',
    });
    expect(page.entries.map((e) => [e.index, e.video.id])).toEqual([
      [0, 'dQw4w9WgXcQ'],
      [2, 'yPYZpwSpKmA'],
    ]);
    expect(page.videoCount).toBe(3);
  });
});
