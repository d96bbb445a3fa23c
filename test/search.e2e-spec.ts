import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { fakeChannel, fakeChannelId, FakeUpstream } from './support/fake-upstream.js';
import { channelId, insertChannels, insertPlaylist, insertVideos, videoId } from './support/ta-catalog-rows.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const RICK = channelId(1);
const ASTRO = channelId(2);
const COOKING = channelId(3);
const BULK = channelId(4);
const NEVER_GONNA = videoId(1);
const TOGETHER = videoId(2);
const NEVER_STOP = videoId(3);
const GIVE_UP = videoId(4);
const YOUNG = videoId(5);
const SOUP = videoId(6);
const PLAYLIST = 'PLta0000000000000001';

const VIDEO_KEYS = [
  'active',
  'category',
  'channel',
  'date_downloaded',
  'description',
  'media_url',
  'player',
  'playlist',
  'published',
  'stats',
  'tags',
  'title',
  'vid_last_refresh',
  'vid_thumb_url',
  'vid_type',
  'youtube_id',
  '_index',
  '_score',
];
const CHANNEL_KEYS = [
  'channel_active',
  'channel_banner_url',
  'channel_description',
  'channel_id',
  'channel_last_refresh',
  'channel_name',
  'channel_subs',
  'channel_subscribed',
  'channel_tags',
  'channel_thumb_url',
  'channel_tvart_url',
  'channel_views',
];
const PLAYLIST_KEYS = [
  'playlist_active',
  'playlist_channel',
  'playlist_channel_id',
  'playlist_description',
  'playlist_entries',
  'playlist_id',
  'playlist_last_refresh',
  'playlist_name',
  'playlist_subscribed',
  'playlist_thumbnail',
  'playlist_type',
  '_index',
  '_score',
];

interface Results {
  video_results: { youtube_id: string; _score: number; player: { watched: boolean; watched_date?: number }; channel: { channel_subscribed: boolean } }[];
  channel_results: { channel_id: string; channel_subscribed: boolean; _score: number }[];
  playlist_results: { playlist_id: string }[];
  fulltext_results: unknown[];
}

describe('TubeArchivist search /api/search/ (real Postgres full-text search)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let adminToken: string;
  let viewerToken: string;

  /** Every answer is checked against the OpenAPI document by TestWorld's `app.inject`. */
  const search = async (query: string | null, token = adminToken) => {
    const url = query === null ? '/api/search/' : `/api/search/?query=${encodeURIComponent(query)}`;
    const res = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Token ${token}` } : {} });
    return res;
  };
  const results = async (query: string, token = adminToken): Promise<Results> => {
    const res = await search(query, token);
    expect(res.statusCode).toBe(200);
    return res.json().results;
  };
  const ids = (items: { youtube_id?: string; channel_id?: string; playlist_id?: string }[]) => items.map((i) => i.youtube_id ?? i.channel_id ?? i.playlist_id);

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    db = world.db();
    adminToken = await loginToken(app);
    const viewer = await createUser(app, { username: 'viewer', password: 'viewer password' });
    viewerToken = viewer.jwt;

    await insertChannels(db, [
      { id: RICK, name: 'Rick Astley', description: 'The official channel of Rick Astley', subscriberCount: 4100000 },
      { id: ASTRO, name: 'Astronomy Daily', description: 'stars and planets' },
      { id: COOKING, name: 'Cooking Corner', description: 'recipes', missingUpstream: true },
      { id: BULK, name: 'Bulk Uploads', description: 'many clips' },
    ]);
    await insertVideos(db, [
      {
        id: NEVER_GONNA,
        channelId: RICK,
        title: 'Never Gonna Give You Up',
        description: 'The official video',
        published: '2009-10-25T06:57:33Z',
        lengthSeconds: 213,
      },
      { id: TOGETHER, channelId: RICK, title: 'Together Forever', description: 'never gonna stop this', published: '2010-01-01T00:00:00Z', lengthSeconds: 200 },
      { id: NEVER_STOP, channelId: ASTRO, title: 'Never Gonna Stop', description: 'give it a try', published: '2020-01-01T00:00:00Z' },
      { id: GIVE_UP, channelId: ASTRO, title: 'Give Up Never', description: 'a lecture', published: '2021-01-01T00:00:00Z' },
      { id: YOUNG, channelId: ASTRO, title: 'Planets', description: 'forever young stars', published: '2022-01-01T00:00:00Z' },
      { id: SOUP, channelId: COOKING, title: 'Soup', description: 'a forgotten recipe', published: '2019-01-01T00:00:00Z', missingUpstream: true },
      ...Array.from({ length: 40 }, (_, i) => ({
        id: videoId(100 + i),
        channelId: BULK,
        title: `Bulk clip ${i}`,
        published: new Date(Date.UTC(2023, 0, 1 + i)).toISOString(),
      })),
    ]);
    await insertPlaylist(db, {
      id: PLAYLIST,
      title: 'Greatest Hits',
      author: 'Rick Astley',
      channelId: RICK,
      videoIds: [NEVER_GONNA, TOGETHER, 'notInCatal0'],
    });
  });
  afterAll(() => world.close());

  it('finds a title word first in video_results, above a description match', async () => {
    const found = await results('forever');
    expect(ids(found.video_results)).toEqual([TOGETHER, YOUNG]);
    expect(found.video_results[0]._score).toBeGreaterThan(found.video_results[1]._score);
  });

  it("answers TubeArchivist's shape: four groups, queryType, every field in order", async () => {
    const res = await search('give you up');
    expect(Object.keys(res.json())).toEqual(['results', 'queryType']);
    expect(Object.keys(res.json().results)).toEqual(['video_results', 'channel_results', 'playlist_results', 'fulltext_results']);
    expect(res.json().queryType).toBe('simple');
    const [first] = res.json().results.video_results;
    expect(Object.keys(first)).toEqual(VIDEO_KEYS);
    expect(Object.keys(first.channel)).toEqual(CHANNEL_KEYS);
    expect(first).toMatchObject({
      youtube_id: NEVER_GONNA,
      title: 'Never Gonna Give You Up',
      published: '2009-10-25',
      media_url: null,
      playlist: [PLAYLIST],
      player: { duration: 213, duration_str: '3m 33s', watched: false },
      vid_thumb_url: `/cache/videos/v/${NEVER_GONNA}.jpg`,
      vid_type: 'videos',
      channel: { channel_id: RICK, channel_name: 'Rick Astley', channel_subs: 4100000, channel_thumb_url: `/cache/channels/${RICK}_thumb.jpg` },
      _index: 'ta_video',
    });
    expect(first._score).toBe(Math.round(first._score * 100) / 100);
    expect(first).not.toHaveProperty('subtitles');
  });

  it("`channel:` finds the channel (name first), with TA's channel object", async () => {
    const res = await search('channel:rick');
    expect(res.json().queryType).toBe('channel');
    const found = res.json().results as Results;
    expect(ids(found.channel_results)).toEqual([RICK]);
    expect(found.video_results).toEqual([]);
    expect(Object.keys(found.channel_results[0])).toEqual([...CHANNEL_KEYS, '_index', '_score']);
    expect(found.channel_results[0]).toMatchObject({ _index: 'ta_channel', channel_active: true });
  });

  it('a quoted phrase matches the words in sequence', async () => {
    expect(ids((await results('"never gonna"')).video_results).sort()).toEqual([NEVER_GONNA, TOGETHER, NEVER_STOP].sort());
    expect(ids((await results('"gonna never"')).video_results)).toEqual([]);
  });

  it('a negated word excludes what contains it; `or` unites', async () => {
    expect(ids((await results('never -give')).video_results)).toEqual([TOGETHER]);
    expect(ids((await results('soup or planets')).video_results).sort()).toEqual([YOUNG, SOUP].sort());
  });

  it('matches the last word as a prefix (search as you type), the others whole', async () => {
    expect(ids((await results('never gonna gi')).video_results).sort()).toEqual([NEVER_GONNA, NEVER_STOP].sort());
    expect(ids((await results('astro')).channel_results)).toEqual([ASTRO]);
    expect(ids((await results('gon never')).video_results)).toEqual([]);
    // A quoted last word is whole.
    expect(ids((await results('"astro"')).channel_results)).toEqual([]);
  });

  it('caps every answer at 30 results, best first', async () => {
    const videos = await results('video:bulk');
    expect(videos.video_results).toHaveLength(30);
    // Equal scores: newest first.
    expect(videos.video_results[0].youtube_id).toBe(videoId(139));
    const simple = await results('bulk');
    const total = simple.video_results.length + simple.channel_results.length + simple.playlist_results.length;
    expect(total).toBe(30);
    // 40 videos match twice (title and channel name), the channel once: it falls beyond the 30 best.
    expect(simple.video_results).toHaveLength(30);
    expect(ids((await results('channel:bulk')).channel_results)).toEqual([BULK]);
    const everything = await results('video:');
    expect(everything.video_results).toHaveLength(30);
  });

  it('`video:` takes `channel:` and `active:`', async () => {
    expect(ids((await results('video:never channel:rick')).video_results).sort()).toEqual([NEVER_GONNA, TOGETHER].sort());
    expect(ids((await results('video:channel:astronomy daily never')).video_results)).toEqual([]);
    expect(ids((await results('video:never channel:astronomy da')).video_results).sort()).toEqual([NEVER_STOP, GIVE_UP].sort());
    expect(ids((await results('video:never channel:...')).video_results)).toEqual([]);
    expect(ids((await results('video:active:no')).video_results)).toEqual([SOUP]);
    expect(ids((await results('video:forgotten active:yes')).video_results)).toEqual([]);
  });

  it("`channel:` takes `active:` and the caller's `subscribed:`", async () => {
    await db.query('INSERT INTO subscriptions (user_id, channel_id) SELECT id, $1 FROM users WHERE username = $2', [ASTRO, 'viewer']);
    expect(ids((await results('channel:active:no')).channel_results)).toEqual([COOKING]);
    expect(ids((await results('channel:subscribed:yes', viewerToken)).channel_results)).toEqual([ASTRO]);
    expect(ids((await results('channel:subscribed:no', viewerToken)).channel_results)).toEqual([BULK, COOKING, RICK]);
    expect(ids((await results('channel:subscribed:yes')).channel_results)).toEqual([]);
    const [astro] = (await results('channel:astronomy', viewerToken)).channel_results;
    expect(astro.channel_subscribed).toBe(true);
    expect((await results('channel:astronomy')).channel_results[0].channel_subscribed).toBe(false);
  });

  it('`playlist:` searches playlists; nobody subscribes to one', async () => {
    const res = await search('playlist:greatest');
    expect(res.json().queryType).toBe('playlist');
    const [hit] = res.json().results.playlist_results;
    expect(Object.keys(hit)).toEqual(PLAYLIST_KEYS);
    expect(hit).toMatchObject({
      playlist_id: PLAYLIST,
      playlist_name: 'Greatest Hits',
      playlist_channel: 'Rick Astley',
      playlist_subscribed: false,
      playlist_type: 'regular',
    });
    expect(hit.playlist_entries).toEqual([
      { youtube_id: NEVER_GONNA, title: 'Never Gonna Give You Up', uploader: 'Rick Astley', idx: 0, downloaded: true },
      { youtube_id: TOGETHER, title: 'Together Forever', uploader: 'Rick Astley', idx: 1, downloaded: true },
      { youtube_id: 'notInCatal0', title: null, uploader: null, idx: 2, downloaded: false },
    ]);
    expect((await results('playlist:rick')).playlist_results).toHaveLength(1);
    expect((await results('playlist:greatest subscribed:yes')).playlist_results).toEqual([]);
  });

  it('`full:` answers four empty groups (no subtitles); a term without lexemes matches nothing', async () => {
    const res = await search('full:never lang:en');
    expect(res.json()).toEqual({ results: { video_results: [], channel_results: [], playlist_results: [], fulltext_results: [] }, queryType: 'full' });
    const none = await results('... !!');
    expect([none.video_results, none.channel_results, none.playlist_results]).toEqual([[], [], []]);
  });

  it('shows each caller their own watched state', async () => {
    const marked = await app.inject({
      method: 'POST',
      url: '/api/watched/',
      headers: { authorization: `Token ${viewerToken}` },
      payload: { id: NEVER_GONNA, is_watched: true },
    });
    expect(marked.statusCode).toBe(200);
    const [mine] = (await results('video:give you up', viewerToken)).video_results;
    expect(mine.player).toEqual({ duration: 213, duration_str: '3m 33s', watched: true, watched_date: expect.any(Number) });
    const [theirs] = (await results('video:give you up')).video_results;
    expect(theirs.player.watched).toBe(false);
  });

  it("refuses malformed queries with TubeArchivist's 400 body", async () => {
    const refusals = [
      [null, { message: 'no search query specified' }],
      ['', { message: 'no search query specified' }],
      ['   ', { message: 'no search query specified' }],
      ['x'.repeat(501), { message: 'search query too long: at most 500 characters' }],
    ] as const;
    for (const [query, body] of refusals) {
      const res = await search(query);
      expect([query, res.statusCode, res.json()]).toEqual([query, 400, body]);
    }
    expect((await search('x'.repeat(500))).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/search?query=rick&page=2', headers: { authorization: `Token ${adminToken}` } })).statusCode).toBe(200);
  });

  it('needs credentials', async () => {
    const res = await search('rick', '');
    expect([res.statusCode, res.json()]).toEqual([403, { detail: 'Authentication credentials were not provided.' }]);
  });
});

describe('search after a download request refreshed a channel from the (fake) upstream', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let fake: FakeUpstream;
  let token: string;

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Token ${token}` } });

  beforeAll(async () => {
    fake = await FakeUpstream.start([fakeChannel(7, 3, 'Lighthouse Keepers')]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url });
    token = await loginToken(app);
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('finds the refreshed channel and its videos', async () => {
    const download = await app.inject({
      method: 'POST',
      url: '/api/download/',
      headers: { authorization: `Token ${token}` },
      payload: { data: [{ youtube_id: `https://www.youtube.com/channel/${fakeChannelId(7)}`, status: 'pending' }] },
    });
    expect(download.statusCode).toBe(200);
    // The channel job, then a job per new video (Invidious listings lack full descriptions).
    for (let waited = 0; ; waited += 100) {
      const queued = (await get('/api/refresh/')).json().total_queued;
      if (queued === 0 && (await get(`/api/channel/${fakeChannelId(7)}/`)).statusCode === 200) break;
      if (waited > 20_000) throw new Error('the refresh did not finish');
      await sleep(100);
    }
    const channels = (await get('/api/search/?query=channel:lighthouse')).json().results.channel_results;
    expect(channels.map((c: { channel_id: string }) => c.channel_id)).toEqual([fakeChannelId(7)]);
    const videos = (await get('/api/search/?query=video:keepers%20video%202')).json().results.video_results;
    expect(videos[0]).toMatchObject({ title: 'Lighthouse Keepers video 2', channel: { channel_name: 'Lighthouse Keepers' }, category: ['Music'] });
  });
});
