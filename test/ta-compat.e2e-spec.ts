import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type pg from 'pg';
import { loadConfig } from '../src/platform/config/config.js';
import { QUEUES } from '../src/platform/queue/queues.js';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { channelId, insertChannels, insertPlaylist, insertVideos, videoId } from './support/ta-catalog-rows.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const RICK = channelId(1);
const OTHER = channelId(2);
const GONE = channelId(3);
/** Resolvable by the fake upstream, but not in the catalog. */
const ELSEWHERE = channelId(4);
const V1 = videoId(1);
const V2 = videoId(2);
const V_GONE = videoId(3);
const PLAYLIST = 'PLcompat000000000001';
const EXTENSION_ORIGIN = 'chrome-extension://abc';
const CONFIG = { enable_cast: false, downloads: {} };
const NOT_IN_CATALOG = { data: false, config: CONFIG };
const NOT_ADMIN = { detail: 'You do not have permission to perform this action.' };
const ANONYMOUS = { detail: 'Authentication credentials were not provided.' };
const NO_UPSTREAM = { detail: 'no upstream configured: set UPSTREAM_URL or UPSTREAM=youtube-rss' };

/** The bits of an Invidious instance these routes use: `resolveurl` for handles and channel names. */
class FakeResolver {
  readonly requests: string[] = [];
  private readonly names: Record<string, string> = { '/@rickastleyyt': RICK, '/c/rickastley': RICK, '/@elsewhere': ELSEWHERE };
  private readonly server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://fake');
    this.requests.push(url.pathname + url.search);
    if (url.pathname !== '/api/v1/resolveurl') return void res.writeHead(404).end('{}');
    const path = new URL(url.searchParams.get('url') ?? '', 'https://www.youtube.com').pathname.toLowerCase();
    if (path === '/@broken') return void res.writeHead(500).end('oops');
    const ucid = this.names[path];
    if (!ucid) return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"Unknown url"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ucid, pageType: 'WEB_PAGE_TYPE_CHANNEL', params: null }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('TubeArchivist routes real clients call (docs/dialects/tubearchivist.md#detail-routes)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  /** The same world without an upstream. */
  let offline: NestFastifyApplication;
  let db: pg.Pool;
  let fake: FakeResolver;
  let upstreamUrl: string;
  let adminToken: string;
  let viewerToken: string;
  let viewerId: number;

  /**
   * As the browser extension calls: Token, JSON content type even on GET, `mode: no-cors`, its
   * origin. Every answer is checked against the OpenAPI document by TestWorld's `app.inject`.
   */
  const call = async (method: 'GET' | 'POST', url: string, options: { token?: string; payload?: unknown; target?: NestFastifyApplication } = {}) => {
    const token = options.token ?? adminToken;
    const res = await (options.target ?? app).inject({
      method,
      url,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        mode: 'no-cors',
        origin: EXTENSION_ORIGIN,
        ...(token ? { authorization: `Token ${token}` } : {}),
      },
      ...(options.payload === undefined ? {} : { payload: typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload) }),
    });
    return res;
  };
  const queue = () => app.get<Queue>(getQueueToken(QUEUES.refresh));
  const queuedJobIds = async () => (await queue().getJobs(['waiting', 'delayed', 'active'])).map((job) => String(job.id)).sort();
  const subscriptionsOf = async (userId: number) =>
    (await db.query('SELECT channel_id FROM subscriptions WHERE user_id = $1 ORDER BY channel_id', [userId])).rows.map((row) => row.channel_id);

  beforeAll(async () => {
    fake = new FakeResolver();
    upstreamUrl = await fake.start();
    world = await TestWorld.create();
    // ROLE=api: jobs are queued, never processed, so the test can see them.
    app = await world.startApp({
      ...ADMIN_ENV,
      ROLE: 'api',
      UPSTREAM_URL: upstreamUrl,
      CORS_ORIGINS: 'https://ta.example.org, https://other.example.org:8443',
    });
    offline = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    db = world.db();
    adminToken = await loginToken(app);
    const viewer = await createUser(app, { username: 'viewer', password: 'viewer password' });
    viewerId = viewer.id;
    viewerToken = viewer.jwt;

    await insertChannels(db, [
      {
        id: RICK,
        name: 'Rick Astley',
        description: 'Official',
        subscriberCount: 4100000,
        thumbnails: [
          { url: 'https://yt3.example/rick=s48', width: 48, height: 48 },
          { url: 'https://yt3.example/rick=s512', width: 512, height: 512 },
        ],
        banners: [{ url: '/banner/rick.jpg', width: 1060, height: 175 }],
      },
      { id: OTHER, name: 'Other' },
      { id: GONE, name: 'Gone', missingUpstream: true },
    ]);
    await insertVideos(db, [
      {
        id: V1,
        channelId: RICK,
        title: 'Never Gonna Give You Up',
        description: 'The official video',
        published: '2009-10-25T06:57:33Z',
        lengthSeconds: 3725,
        thumbnails: [
          { quality: 'high', url: 'https://i.ytimg.example/hq.jpg', width: 480, height: 360 },
          { quality: 'maxres', url: 'https://i.ytimg.example/maxres.jpg', width: 1280, height: 720 },
        ],
      },
      { id: V2, channelId: OTHER, title: 'Two' },
      { id: V_GONE, channelId: OTHER, title: 'Deleted', missingUpstream: true },
    ]);
    await insertPlaylist(db, { id: PLAYLIST, title: 'Hits', thumbnailUrl: '/vi/playlist.jpg', videoIds: [V1] });
  });
  afterAll(async () => {
    await world.close();
    await fake.stop();
  });

  describe('GET /api/video/<id>/ and /api/channel/<id>/', () => {
    it("answer TA v0.4's `data` envelope, with and without the trailing slash", async () => {
      for (const url of [`/api/video/${V1}/`, `/api/video/${V1}`]) {
        const res = await call('GET', url);
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json())).toEqual(['data', 'config']);
        expect(res.json().config).toEqual(CONFIG);
        expect(res.json().data).toMatchObject({
          youtube_id: V1,
          title: 'Never Gonna Give You Up',
          published: '2009-10-25',
          vid_last_refresh: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          player: { duration: 3725, duration_str: '1h 02m 05s', watched: false },
          channel: { channel_id: RICK, channel_name: 'Rick Astley', channel_tags: [] },
          tags: [],
          playlist: [PLAYLIST],
          _index: 'ta_video',
          _score: 0,
        });
      }
      const channel = await call('GET', `/api/channel/${RICK}`);
      expect(channel.statusCode).toBe(200);
      expect(channel.json()).toEqual({
        data: {
          channel_active: true,
          channel_banner_url: `/cache/channels/${RICK}_banner.jpg`,
          channel_description: 'Official',
          channel_id: RICK,
          channel_last_refresh: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          channel_name: 'Rick Astley',
          channel_subs: 4100000,
          channel_subscribed: false,
          channel_tags: [],
          channel_thumb_url: `/cache/channels/${RICK}_thumb.jpg`,
          channel_tvart_url: `/cache/channels/${RICK}_tvart.jpg`,
          channel_views: 0,
          _index: 'ta_channel',
          _score: 0,
        },
        config: CONFIG,
      });
    });

    it('mark items missing upstream inactive', async () => {
      expect((await call('GET', `/api/video/${V_GONE}/`)).json().data.active).toBe(false);
      expect((await call('GET', `/api/channel/${GONE}/`)).json().data.channel_active).toBe(false);
    });

    it('answer 404 with `data: false` for anything not in the catalog', async () => {
      for (const url of [`/api/video/zzzzzzzzzzz/`, '/api/video/abc/', `/api/channel/${channelId(99)}/`, '/api/channel/not-a-channel/']) {
        const res = await call('GET', url);
        expect([url, res.statusCode, res.json()]).toEqual([url, 404, NOT_IN_CATALOG]);
      }
    });

    it('refuse an encoded slash in the id like every TA route', async () => {
      const res = await call('GET', '/api/video/abc%2Fdefghij/');
      expect([res.statusCode, res.json()]).toEqual([400, { detail: 'Invalid request path.' }]);
    });

    it('need credentials', async () => {
      const res = await call('GET', `/api/video/${V1}/`, { token: '' });
      expect([res.statusCode, res.json()]).toEqual([403, ANONYMOUS]);
    });
  });

  describe('GET /api/channel/search/?q=', () => {
    it('finds a channel by id, @handle (unencoded, as the extension sends it) and URL', async () => {
      for (const q of [
        RICK,
        '@RickAstleyYT',
        encodeURIComponent('https://www.youtube.com/@RickAstleyYT/videos'),
        encodeURIComponent(`https://www.youtube.com/channel/${RICK}`),
      ]) {
        const res = await call('GET', `/api/channel/search/?q=${q}`);
        expect([q, res.statusCode, res.json().data?.channel_id]).toEqual([q, 200, RICK]);
        expect(res.json().config).toEqual(CONFIG);
      }
    });

    it('caches what the upstream resolved', async () => {
      const before = fake.requests.length;
      await call('GET', '/api/channel/search/?q=@RickAstleyYT');
      await call('GET', '/api/channel/search/?q=@rickastleyyt');
      expect(fake.requests.length).toBe(before);
    });

    it("answers the spec's errors", async () => {
      const cases: [string, number, unknown][] = [
        ['/api/channel/search/', 400, { message: 'missing expected q parameter', data: false }],
        ['/api/channel/search/?q=', 400, { message: 'missing expected q parameter', data: false }],
        [`/api/channel/search/?q=${V1}`, 400, { message: 'expected type channel', data: false }],
        [`/api/channel/search/?q=${encodeURIComponent(`https://youtu.be/${V1}`)}`, 400, { message: 'expected type channel', data: false }],
        ['/api/channel/search/?q=@nobodyhere', 404, { message: 'channel not found: @nobodyhere', data: false }],
        ['/api/channel/search/?q=rick%20astley', 404, { message: 'channel not found: rick astley', data: false }],
        ['/api/channel/search/?q=@elsewhere', 404, NOT_IN_CATALOG],
      ];
      for (const [url, status, body] of cases) {
        const res = await call('GET', url);
        expect([url, res.statusCode, res.json()]).toEqual([url, status, body]);
      }
    });

    it('answers 503 when a handle cannot be resolved for want of an upstream', async () => {
      const down = await call('GET', '/api/channel/search/?q=@broken');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ detail: expect.any(String) });
      const offlineRes = await call('GET', '/api/channel/search/?q=@RickAstleyYT', { target: offline });
      expect([offlineRes.statusCode, offlineRes.json()]).toEqual([
        503,
        { detail: 'resolving @handles and channel names needs an Invidious upstream: set UPSTREAM_URL' },
      ]);
      // An id needs no upstream.
      expect((await call('GET', `/api/channel/search/?q=${RICK}`, { target: offline })).statusCode).toBe(200);
    });
  });

  describe('POST /api/channel/ (subscribe, unsubscribe)', () => {
    it("changes the caller's own subscriptions, shared with the Invidious dialect, and queues a refresh", async () => {
      const body = {
        data: [
          { channel_id: '@RickAstleyYT', channel_subscribed: true },
          { channel_id: `https://www.youtube.com/channel/${OTHER}`, channel_subscribed: true },
        ],
      };
      const res = await call('POST', '/api/channel/', { token: viewerToken, payload: body });
      expect([res.statusCode, res.json()]).toEqual([200, body]);
      expect(await subscriptionsOf(viewerId)).toEqual([RICK, OTHER].sort());
      const invidious = await app.inject({ method: 'GET', url: '/api/v1/auth/subscriptions', headers: { authorization: `Bearer ${viewerToken}` } });
      expect(invidious.json()).toEqual([
        { author: 'Other', authorId: OTHER },
        { author: 'Rick Astley', authorId: RICK },
      ]);
      expect(await queuedJobIds()).toEqual(expect.arrayContaining([`channel:${RICK}`, `channel:${OTHER}`]));
      expect((await call('GET', `/api/channel/${RICK}/`, { token: viewerToken })).json().data.channel_subscribed).toBe(true);
      expect((await call('GET', `/api/channel/${RICK}/`)).json().data.channel_subscribed).toBe(false);

      const off = {
        data: [
          { channel_id: OTHER, channel_subscribed: false },
          { channel_id: channelId(77), channel_subscribed: false },
        ],
      };
      expect((await call('POST', '/api/channel', { token: viewerToken, payload: off })).json()).toEqual(off);
      expect(await subscriptionsOf(viewerId)).toEqual([RICK]);
    });

    it('refuses the whole request when any item is bad', async () => {
      const cases: [unknown, number, unknown][] = [
        [{}, 400, { message: 'missing expected data key' }],
        [
          {
            data: [
              { channel_id: OTHER, channel_subscribed: true },
              { channel_id: V1, channel_subscribed: true },
            ],
          },
          400,
          { message: `expected type channel: ${V1}` },
        ],
        [
          {
            data: [
              { channel_id: OTHER, channel_subscribed: true },
              { channel_id: '@nobodyhere', channel_subscribed: true },
            ],
          },
          400,
          { message: 'channel not found: @nobodyhere' },
        ],
        [{ data: [{ channel_id: OTHER, channel_subscribed: 'yes' }] }, 400, { message: 'data[0].channel_subscribed must be a boolean' }],
        [
          {
            data: [
              { channel_id: OTHER, channel_subscribed: true },
              { channel_id: '@broken', channel_subscribed: true },
            ],
          },
          503,
          { detail: expect.any(String) },
        ],
      ];
      cases.push(['{"data": [', 400, { detail: expect.stringMatching(/^JSON parse error - /) }]);
      for (const [payload, status, body] of cases) {
        const res = await call('POST', '/api/channel/', { token: viewerToken, payload });
        expect([payload, res.statusCode, res.json()]).toEqual([payload, status, body]);
      }
      expect(await subscriptionsOf(viewerId)).toEqual([RICK]);
    });
  });

  describe('POST /api/download/ (the refresh queue)', () => {
    it('queues a refresh job per pending item, resolving URLs and handles', async () => {
      await queue().empty();
      const body = {
        data: [
          { youtube_id: `https://www.youtube.com/watch?v=${V2}&list=${PLAYLIST}`, status: 'pending' },
          { youtube_id: 'https://www.youtube.com/@RickAstleyYT/videos', status: 'pending' },
          { youtube_id: `https://www.youtube.com/playlist?list=${PLAYLIST}`, status: 'pending' },
          { youtube_id: videoId(50), status: 'ignore' },
        ],
      };
      const res = await call('POST', '/api/download/?autostart=true', { payload: body });
      expect([res.statusCode, res.json()]).toEqual([200, body]);
      expect(await queuedJobIds()).toEqual([`channel:${RICK}`, `playlist:${PLAYLIST}`, `video:${V2}`]);
      const job = await queue().getJob(`channel:${RICK}`);
      expect(job!.data).toEqual({ id: RICK, extractVideos: false });
      const status = await call('GET', `/api/refresh/?type=video&id=${V2}`);
      // TubeArchivist's fields as it answers them; tubevault adds the queue's `counts` after them.
      const { counts, ...fields } = status.json();
      expect(fields).toEqual({ total_queued: 1, type: 'video', state: 'in_queue', id: V2 });
      expect(counts).toMatchObject({ queued: expect.any(Number), active: expect.any(Number), done: expect.any(Number), failed: expect.any(Number) });
    });

    it('is for admins only', async () => {
      const payload = { data: [{ youtube_id: V1, status: 'pending' }] };
      const viewer = await call('POST', '/api/download/', { token: viewerToken, payload });
      expect([viewer.statusCode, viewer.json()]).toEqual([403, NOT_ADMIN]);
      const anonymous = await call('POST', '/api/download/', { token: '', payload });
      expect([anonymous.statusCode, anonymous.json()]).toEqual([403, ANONYMOUS]);
    });

    it('refuses the whole request when any item is bad, and answers 503 without an upstream', async () => {
      await queue().empty();
      const cases: [unknown, number, unknown][] = [
        [{ items: [] }, 400, { message: 'missing expected data key' }],
        [
          {
            data: [
              { youtube_id: V1, status: 'pending' },
              { youtube_id: 'https://vimeo.com/1', status: 'pending' },
            ],
          },
          400,
          { message: 'invalid domain: vimeo.com' },
        ],
        [
          {
            data: [
              { youtube_id: V1, status: 'pending' },
              { youtube_id: 'what', status: 'pending' },
            ],
          },
          400,
          { message: 'data[1]: failed to parse: what' },
        ],
        [
          {
            data: [
              { youtube_id: V1, status: 'pending' },
              { youtube_id: '@nobodyhere', status: 'pending' },
            ],
          },
          400,
          { message: 'channel not found: @nobodyhere' },
        ],
        [{ data: [{ youtube_id: V1 }] }, 400, { message: 'data[0].status must be a string' }],
        [{ data: Array(1001).fill({ youtube_id: V1, status: 'pending' }) }, 400, { message: 'too many items: 1001 given, at most 1000' }],
      ];
      cases.push(['{"data": [', 400, { detail: expect.stringMatching(/^JSON parse error - /) }]);
      for (const [payload, status, body] of cases) {
        const res = await call('POST', '/api/download/', { payload });
        expect([status, res.statusCode, res.json()]).toEqual([status, status, body]);
      }
      expect(await queuedJobIds()).toEqual([]);
      const offlineRes = await call('POST', '/api/download/', { target: offline, payload: { data: [{ youtube_id: V1, status: 'pending' }] } });
      expect([offlineRes.statusCode, offlineRes.json()]).toEqual([503, NO_UPSTREAM]);
    });
  });

  describe('art paths /cache/…', () => {
    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

    it("redirect to the catalog's largest image, relative URLs resolved against UPSTREAM_URL, whatever the credentials", async () => {
      const cases: [string, string][] = [
        [`/cache/videos/v/${V1}.jpg`, 'https://i.ytimg.example/maxres.jpg'],
        [`/cache/videos/x/${V1}.jpg`, 'https://i.ytimg.example/maxres.jpg'],
        [`/cache/channels/${RICK}_thumb.jpg`, 'https://yt3.example/rick=s512'],
        [`/cache/channels/${RICK}_banner.jpg`, `${upstreamUrl}/banner/rick.jpg`],
        [`/cache/channels/${RICK}_tvart.jpg`, `${upstreamUrl}/banner/rick.jpg`],
        [`/cache/playlists/${PLAYLIST}.jpg`, `${upstreamUrl}/vi/playlist.jpg`],
      ];
      for (const [url, location] of cases) {
        const res = await get(url, { authorization: 'Token not-a-token' });
        expect([url, res.statusCode, res.headers.location]).toEqual([url, 302, location]);
      }
    });

    it('answer 404 for unknown items, items without an image, and other names', async () => {
      for (const url of [
        `/cache/videos/z/zzzzzzzzzzz.jpg`,
        `/cache/videos/v/${V2}.jpg`,
        `/cache/channels/${OTHER}_thumb.jpg`,
        `/cache/channels/${RICK}_logo.jpg`,
        `/cache/playlists/PLnope0000000000.jpg`,
        `/cache/videos/v/${V1}.png`,
      ]) {
        const res = await get(url);
        expect([url, res.statusCode, res.json()]).toEqual([url, 404, { detail: 'Not found.' }]);
      }
    });

    it('answer 404 without an upstream to resolve relative URLs against', async () => {
      const res = await offline.inject({ method: 'GET', url: `/cache/playlists/${PLAYLIST}.jpg` });
      expect(res.statusCode).toBe(404);
      expect((await offline.inject({ method: 'GET', url: `/cache/videos/v/${V1}.jpg` })).statusCode).toBe(302);
    });
  });

  describe('the browser extension v0.3.2, replayed', () => {
    it('gets its preflight answered from a chrome-extension:// origin, with `mode` allowed', async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/api/ping/',
        headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,content-type,mode' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': EXTENSION_ORIGIN,
        'access-control-allow-methods': 'DELETE, GET, OPTIONS, PATCH, POST, PUT',
        'access-control-allow-headers': 'accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with, mode',
        'access-control-max-age': '86400',
        vary: 'Origin',
      });
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('then pings, downloads and subscribes with its headers', async () => {
      for (const url of ['/api/download/', '/api/channel/']) {
        const preflight = await app.inject({
          method: 'OPTIONS',
          url,
          headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,mode' },
        });
        expect([url, preflight.statusCode, preflight.headers['access-control-allow-origin']]).toEqual([url, 204, EXTENSION_ORIGIN]);
      }
      const ping = await call('GET', '/api/ping/');
      expect([ping.statusCode, ping.json().response]).toEqual([200, 'pong']);
      expect(ping.headers['access-control-allow-origin']).toBe(EXTENSION_ORIGIN);
      expect(ping.headers.vary).toMatch(/Origin/);
      expect(ping.headers['access-control-allow-credentials']).toBeUndefined();

      const download = await call('POST', '/api/download/', {
        payload: { data: [{ youtube_id: `https://www.youtube.com/watch?v=${V1}`, status: 'pending' }] },
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['access-control-allow-origin']).toBe(EXTENSION_ORIGIN);
      const search = await call('GET', '/api/channel/search/?q=@RickAstleyYT');
      expect(search.json().data.channel_id).toBe(RICK);
      const subscribe = await call('POST', '/api/channel/', { payload: { data: [{ channel_id: RICK, channel_subscribed: true }] } });
      expect([subscribe.statusCode, subscribe.json().data[0].channel_subscribed]).toEqual([200, true]);
      expect((await call('GET', `/api/channel/${RICK}/`)).json().data.channel_subscribed).toBe(true);
      const video = await call('GET', `/api/video/${V1}/`);
      expect(video.json().data.youtube_id).toBe(V1);
    });

    it('CORS_ORIGINS adds exact origins; others get no CORS headers but are still served', async () => {
      for (const origin of ['https://ta.example.org', 'https://other.example.org:8443']) {
        const res = await app.inject({ method: 'OPTIONS', url: '/api/search/', headers: { origin, 'access-control-request-method': 'GET' } });
        expect([origin, res.statusCode, res.headers['access-control-allow-origin']]).toEqual([origin, 204, origin]);
      }
      const foreign = await app.inject({
        method: 'OPTIONS',
        url: '/api/search/',
        headers: { origin: 'https://ta.example.org.evil', 'access-control-request-method': 'GET' },
      });
      expect(foreign.statusCode).toBe(204);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const served = await app.inject({ method: 'GET', url: '/api/ping/', headers: { origin: 'https://evil.example', authorization: `Token ${adminToken}` } });
      expect(served.statusCode).toBe(200);
      expect(served.headers['access-control-allow-origin']).toBeUndefined();
      // Only the configured app has them.
      const elsewhere = await offline.inject({
        method: 'OPTIONS',
        url: '/api/search/',
        headers: { origin: 'https://ta.example.org', 'access-control-request-method': 'GET' },
      });
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('CORS_ORIGINS must be a list of origins', () => {
      expect(loadConfig({ CORS_ORIGINS: '' }).CORS_ORIGINS).toEqual([]);
      expect(() => loadConfig({ CORS_ORIGINS: 'https://ta.example.org/path' })).toThrow(
        /CORS_ORIGINS="https:\/\/ta.example.org\/path": expected comma-separated origins/,
      );
      expect(() => loadConfig({ CORS_ORIGINS: 'ta.example.org' })).toThrow(/CORS_ORIGINS/);
    });
  });
});
