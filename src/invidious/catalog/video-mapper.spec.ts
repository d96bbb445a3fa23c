import { toInvidiousChannel } from './channel-mapper.js';
import {
  authorThumbnails,
  descriptionHtml,
  publishedText,
  shortCount,
  toFeedVideo,
  toInvidiousVideo,
  toSearchVideo,
  videoThumbnails,
  type MappableChannel,
  type MappableVideo,
} from './video-mapper.js';
import { VIDEO_LISTING_KEYS } from './video-listing.testing.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

const video: MappableVideo = {
  id: 'dQw4w9WgXcQ',
  channelId: 'UCuAXFkgsw1L7xaCfnd5JJOw',
  channelName: 'Rick Astley',
  title: 'Never Gonna Give You Up',
  description: 'See https://example.org/a?b=1&c=2. <3',
  published: ago(3 * 3600),
  lengthSeconds: 212,
  viewCount: 1_500_000_000,
  likeCount: 18_000_000,
  thumbnails: [{ quality: 'high', url: 'https://invidious.example/vi/dQw4w9WgXcQ/hqdefault.jpg', width: 480, height: 360 }],
  genre: 'Music',
  liveNow: false,
  isUpcoming: false,
  premiereAt: null,
};

const channel: MappableChannel = {
  id: 'UCuAXFkgsw1L7xaCfnd5JJOw',
  name: 'Rick Astley',
  description: 'Official',
  thumbnails: [{ url: 'https://yt3.ggpht.com/abc=s176-c-k-c0x00ffffff-no-rj', width: 176, height: 176 }],
  banners: null,
  subscriberCount: 4_100_000,
  totalViews: null,
  joined: null,
};

/** Keys of the video object (docs/dialects/invidious.md#videos), in order (premiereTimestamp only for scheduled videos). */
const VIDEO_KEYS = [
  'type',
  'title',
  'videoId',
  'videoThumbnails',
  'storyboards',
  'description',
  'descriptionHtml',
  'published',
  'publishedText',
  'keywords',
  'viewCount',
  'likeCount',
  'dislikeCount',
  'paid',
  'premium',
  'isFamilyFriendly',
  'allowedRegions',
  'genre',
  'genreUrl',
  'author',
  'authorId',
  'authorUrl',
  'authorVerified',
  'authorThumbnails',
  'subCountText',
  'lengthSeconds',
  'allowRatings',
  'rating',
  'isListed',
  'liveNow',
  'isPostLiveDvr',
  'isUpcoming',
  'adaptiveFormats',
  'formatStreams',
  'captions',
  'recommendedVideos',
];

describe('video mapper', () => {
  it('builds the video object with its keys in order', () => {
    const json = toInvidiousVideo(video, channel, NOW);
    expect(Object.keys(json)).toEqual(VIDEO_KEYS);
    expect(json).toMatchObject({
      type: 'video',
      videoId: 'dQw4w9WgXcQ',
      published: Math.floor(video.published!.getTime() / 1000),
      publishedText: '3 hours ago',
      viewCount: 1_500_000_000,
      author: 'Rick Astley',
      authorUrl: '/channel/UCuAXFkgsw1L7xaCfnd5JJOw',
      subCountText: '4.1M',
      genreUrl: null,
    });
    expect(json.authorThumbnails.map((t) => t.width)).toEqual([32, 48, 76, 100, 176, 512]);
    expect(json.authorThumbnails[0].url).toBe('https://yt3.ggpht.com/abc=s32-c-k-c0x00ffffff-no-rj');
    expect(json.authorThumbnails[4].url).toBe(channel.thumbnails![0].url);
    expect(json).not.toHaveProperty('error');
  });

  it('gives 9 thumbnails: the upstream URL where it sent one, i.ytimg.com otherwise', () => {
    const thumbnails = videoThumbnails(video);
    expect(thumbnails.map((t) => [t.quality, t.width, t.height])).toEqual([
      ['maxres', 1280, 720],
      ['maxresdefault', 1280, 720],
      ['sddefault', 640, 480],
      ['high', 480, 360],
      ['medium', 320, 180],
      ['default', 120, 90],
      ['start', 120, 90],
      ['middle', 120, 90],
      ['end', 120, 90],
    ]);
    expect(thumbnails[0].url).toBe('https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg');
    expect(thumbnails[1].url).toBe('https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg');
    expect(thumbnails[3].url).toBe('https://invidious.example/vi/dQw4w9WgXcQ/hqdefault.jpg');
    expect(thumbnails[4].url).toBe('https://i.ytimg.com/vi/dQw4w9WgXcQ/mqdefault.jpg');
    expect(thumbnails.slice(6).map((t) => t.url.split('/').pop())).toEqual(['1.jpg', '2.jpg', '3.jpg']);
  });

  it('marks live and scheduled videos, with premiereTimestamp only when scheduled', () => {
    expect(toInvidiousVideo({ ...video, liveNow: true }, channel, NOW).type).toBe('livestream');
    const premiereAt = new Date(NOW.getTime() + 7200_000);
    const scheduled = toInvidiousVideo({ ...video, isUpcoming: true, premiereAt }, channel, NOW);
    expect(scheduled.type).toBe('scheduled');
    expect(scheduled.premiereTimestamp).toBe(premiereAt.getTime() / 1000);
    expect(Object.keys(scheduled).indexOf('premiereTimestamp')).toBe(Object.keys(scheduled).indexOf('isUpcoming') + 1);
    expect(toInvidiousVideo(video, channel, NOW)).not.toHaveProperty('premiereTimestamp');
  });

  it('fills unknown values with the documented defaults (a stub video, no channel row)', () => {
    const stub = {
      ...video,
      channelName: null,
      title: null,
      description: null,
      published: null,
      lengthSeconds: null,
      viewCount: null,
      likeCount: null,
      thumbnails: null,
      genre: null,
      liveNow: null,
      isUpcoming: null,
    };
    const json = toInvidiousVideo(stub, null, NOW);
    expect(json).toMatchObject({
      title: '',
      description: '',
      published: 0,
      publishedText: '',
      viewCount: 0,
      likeCount: 0,
      lengthSeconds: 0,
      genre: '',
      author: '',
      subCountText: '',
      authorThumbnails: [],
      liveNow: false,
      isUpcoming: false,
    });
    expect(toFeedVideo(stub, NOW).viewCount).toBeNull();
  });

  it('builds the FeedVideo', () => {
    const json = toFeedVideo(video, NOW);
    expect(Object.keys(json)).toEqual([
      'type',
      'title',
      'videoId',
      'videoThumbnails',
      'lengthSeconds',
      'author',
      'authorId',
      'authorUrl',
      'published',
      'publishedText',
      'viewCount',
    ]);
    expect(json.type).toBe('shortVideo');
    expect(json.videoThumbnails).toHaveLength(9);
  });

  it('builds the search-video shape', () => {
    const json = toSearchVideo(video, NOW);
    expect(Object.keys(json)).toEqual([
      ...VIDEO_LISTING_KEYS,
      'authorVerified',
      'videoThumbnails',
      'description',
      'descriptionHtml',
      'viewCount',
      'viewCountText',
      'published',
      'publishedText',
      'lengthSeconds',
      'liveNow',
      'premium',
      'isUpcoming',
      'isNew',
      'is4k',
      'is8k',
      'isVr180',
      'isVr360',
      'is3d',
      'hasCaptions',
    ]);
    expect(json).toMatchObject({ type: 'video', viewCountText: '1.5B views', isNew: true });
    expect(toSearchVideo({ ...video, viewCount: 1, published: ago(2 * 86400) }, NOW)).toMatchObject({ viewCountText: '1 view', isNew: false });
  });

  it('builds the channel object', () => {
    const json = toInvidiousChannel({ ...channel, banners: [{ url: 'https://yt3.example/b=w1060-fcrop64', width: 1060, height: 175 }] }, [video], NOW);
    expect(json).toMatchObject({
      author: 'Rick Astley',
      authorId: channel.id,
      authorUrl: `/channel/${channel.id}`,
      subCount: 4_100_000,
      totalViews: 0,
      joined: 0,
      tabs: ['videos'],
      pronouns: null,
      relatedChannels: [],
    });
    expect(json.authorBanners.map((b) => [b.width, b.height])).toEqual([
      [2560, 424],
      [2120, 351],
      [1060, 175],
      [512, 288],
    ]);
    expect(json.authorBanners[0].url).toBe('https://yt3.example/b=w2560-fcrop64');
    expect(json.latestVideos[0].type).toBe('video');
    expect(toInvidiousChannel(channel, [], NOW).authorBanners).toEqual([]);
  });
});

describe('publishedText', () => {
  it.each([
    [0, '0 seconds ago'],
    [1, '1 second ago'],
    [60, '60 seconds ago'],
    [61, '1 minute ago'],
    [3600, '60 minutes ago'],
    [3601, '1 hour ago'],
    [86400, '24 hours ago'],
    [86401, '1 day ago'],
    [7 * 86400, '7 days ago'],
    [8 * 86400, '1 week ago'],
    [31 * 86400, '1 month ago'],
    [365 * 86400, '12 months ago'],
    [366 * 86400, '1 year ago'],
    [800 * 86400, '2 years ago'],
    [-7200, 'in 2 hours'],
  ])('%p seconds → %p', (seconds, text) => expect(publishedText(ago(seconds), NOW)).toBe(text));

  it('is empty for an unknown date', () => expect(publishedText(null, NOW)).toBe(''));
});

describe('shortCount (Invidious number_to_short_text)', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1K'],
    [1500, '1.5K'],
    [12_345, '12K'],
    [123_456, '123K'],
    [999_999, '999K'],
    [1_000_000, '1M'],
    [1_234_567, '1.2M'],
    [12_345_678, '12M'],
    [1_500_000_000, '1.5B'],
    [123_456_789_012, '123B'],
  ])('%p → %p', (n, text) => expect(shortCount(n)).toBe(text));
});

describe('descriptionHtml', () => {
  it('escapes and links URLs, keeping newlines', () => {
    expect(descriptionHtml('a & b\n<i>https://x.org/p?q=1&r=2).')).toBe(
      'a &amp; b\n&lt;i&gt;<a href="https://x.org/p?q=1&amp;r=2">https://x.org/p?q=1&amp;r=2</a>).',
    );
  });
});

describe('authorThumbnails', () => {
  it('is empty without an avatar', () => expect(authorThumbnails(null)).toEqual([]));
});
