import { jest } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pass-through routes (docs/dialects/invidious.md#search-and-pass-through-routes) over a shared Redis cache', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  let second: NestFastifyApplication;
  const music = fakeChannel(51, 6, 'Music Hall');
  const talk = fakeChannel(52, 3, 'Talk Radio');
  const video = music.videos[0];
  const get = (url: string, target = app) => target.inject({ method: 'GET', url });

  beforeAll(async () => {
    fake = await FakeUpstream.start([music, talk]);
    world = await TestWorld.create();
    // Every request here comes from one address; the single-flight case sends 8 searches at once, more
    // than the default per-caller limit of expensive requests (test/expensive-requests.e2e-spec.ts covers that).
    const env = { UPSTREAM_URL: fake.url, ROLE: 'api', UPSTREAM_TIMEOUT_MS: '2000', EXPENSIVE_REQUESTS_PER_USER: '8' };
    app = await world.startApp(env);
    second = await world.startApp(env);
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('passes search on with its parameters and answers a repeat from the cache, also on another instance', async () => {
    const url = '/api/v1/search?q=music&type=all&sort_by=relevance&page=1&region=US&hl=en-US';
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()[0]).toMatchObject({ type: 'channel', authorId: music.id, author: music.name });
    const sent = fake.requests.filter((r) => r.startsWith('/api/v1/search?'));
    expect(sent).toEqual(['/api/v1/search?hl=en-US&page=1&q=music&region=US&sort_by=relevance&type=all']);
    expect((await get(url)).json()).toEqual(res.json());
    // The same parameters in another order, on the other instance: the same cache entry.
    expect((await get('/api/v1/search?page=1&hl=en-US&region=US&sort_by=relevance&type=all&q=music', second)).json()).toEqual(res.json());
    expect(fake.requests.filter((r) => r.startsWith('/api/v1/search?'))).toHaveLength(1);
  });

  it('takes empty filters as absent, as clients send them', async () => {
    const res = await get('/api/v1/search?q=music&date=&duration=&features=&sort_by=&page=');
    expect(res.statusCode).toBe(200);
    expect(fake.requests.at(-1)).toBe('/api/v1/search?q=music');
  });

  it('makes one upstream request for concurrent misses of one search', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => get('/api/v1/search?q=talk', i % 2 ? second : app)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(fake.count('/api/v1/search?q=talk')).toBe(1);
  });

  it('refuses bad parameters with a 400 naming them, without asking the upstream', async () => {
    const before = fake.requests.length;
    for (const [url, message] of [
      ['/api/v1/search?q=x&sort_by=loudest', /sort_by must be one of/],
      ['/api/v1/search?q=x&page=0', /page must be an integer 1-100/],
      ['/api/v1/search?q=x&features=hd,smell', /features must be a comma-separated list/],
      ['/api/v1/search?q=x&unknown=1', /unknown/],
      ['/api/v1/search/suggestions', /q is required/],
      ['/api/v1/comments/not-an-id', /Invalid video ID/],
      ['/api/v1/hashtag/a%20b', /Invalid hashtag/],
    ] as const) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.json().error).toMatch(message);
    }
    expect(fake.requests.length).toBe(before);
  });

  it('passes on suggestions, comments (sort and continuation), trending, resolveurl, hashtag and storyboards', async () => {
    expect((await get('/api/v1/search/suggestions?q=never')).json()).toEqual({ query: 'never', suggestions: ['never live', 'never lyrics'] });
    const first = (await get(`/api/v1/comments/${video.id}?sort_by=new`)).json();
    expect(first).toMatchObject({ videoId: video.id, continuation: '1', comments: [{ content: 'new comment 0' }, { content: 'new comment 1' }] });
    expect((await get(`/api/v1/comments/${video.id}?sort_by=new&continuation=1`)).json().comments[0].content).toBe('new comment 2');
    expect((await get('/api/v1/trending?region=US')).json().map((v: { videoId: string }) => v.videoId)).toEqual([music.videos[0].id, talk.videos[0].id]);
    expect((await get(`/api/v1/resolveurl?url=${encodeURIComponent('https://www.youtube.com/@musichall')}`)).json()).toMatchObject({
      ucid: music.id,
      pageType: 'WEB_PAGE_TYPE_CHANNEL',
    });
    expect((await get('/api/v1/hashtag/music?page=1')).json().results).toHaveLength(1);
    expect((await get(`/api/v1/storyboards/${video.id}`)).json().storyboards[0]).toMatchObject({ width: 160, height: 90 });
  });

  it('lists caption tracks and answers one track as WebVTT', async () => {
    expect((await get(`/api/v1/captions/${video.id}`)).json()).toEqual({
      captions: [{ label: 'English', languageCode: 'en', url: `/api/v1/captions/${video.id}?label=English` }],
    });
    const track = await get(`/api/v1/captions/${video.id}?label=English`);
    expect(track.statusCode).toBe(200);
    expect(track.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(track.body).toContain(`Hello from ${video.id}`);
    const missing = await get(`/api/v1/captions/${video.id}?label=Klingon`);
    expect([missing.statusCode, missing.json()]).toEqual([404, { error: 'No such caption track' }]);
  });

  it("answers 404 with the upstream's message when it does not know the video", async () => {
    const res = await get('/api/v1/comments/zzzzzzzzzz9');
    expect([res.statusCode, res.json()]).toEqual([404, { error: 'Video unavailable' }]);
  });

  it('rewrites every absolute URL to tubevault with local=true', async () => {
    const res = await get('/api/v1/search?q=music&type=channel&local=true');
    const thumbs = res.json()[0].authorThumbnails.map((t: { url: string }) => t.url);
    expect(thumbs[0]).toBe(`http://localhost:80/ggpht/${music.id}=s32-c-k`);
  });

  it('counts cache hits and misses and the upstream latency in /metrics', async () => {
    const text = (await get('/metrics')).body;
    expect(text).toMatch(/tubevault_upstream_cache_lookups_total\{route="search",result="hit"\} [1-9]/);
    expect(text).toMatch(/tubevault_upstream_cache_lookups_total\{route="search",result="miss"\} [1-9]/);
    expect(text).toMatch(/tubevault_upstream_request_duration_seconds_count\{route="search",outcome="ok"\} [1-9]/);
  });

  it('answers 503 with Retry-After while the upstream rate limits, and sends it nothing until then (on any instance)', async () => {
    fake.rateLimitNext(1, '2');
    const limited = await get('/api/v1/search?q=limited');
    expect(limited.statusCode).toBe(503);
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.json().error).toMatch(/rate limiting tubevault: retry in 2 s/);
    const before = fake.requests.length;
    for (const target of [app, second]) {
      const res = await get('/api/v1/search?q=another', target);
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Reading through a channel the catalog lacks waits too.
    const channel = await get(`/api/v1/channels/${talk.id}`);
    expect([channel.statusCode, channel.json().error]).toEqual([503, expect.stringMatching(/rate limiting tubevault/)]);
    expect(fake.requests.length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await get('/api/v1/search?q=another')).statusCode).toBe(200);
  });

  it('answers 502 quickly, naming the upstream, when it is down', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const offline = await world.startApp({ UPSTREAM_URL: down, ROLE: 'api', REDIS_PREFIX: `${world.redisPrefix}:down` });
    const started = Date.now();
    const res = await get('/api/v1/search?q=anything', offline);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toBe(`Upstream error: cannot reach ${down}/api/v1/search?q=anything: ECONNREFUSED`);
  });

  it('answers 504 when the upstream is slow', async () => {
    fake.delay('q=slowly', 3000);
    const res = await get('/api/v1/search?q=slowly');
    expect([res.statusCode, res.json()]).toEqual([504, { error: `Upstream timeout: ${fake.url} did not answer within 2 s` }]);
  });

  it('answers 501 naming UPSTREAM_URL with youtube-rss or no upstream', async () => {
    const rss = await world.startApp({ UPSTREAM: 'youtube-rss', YOUTUBE_URL: fake.url, ROLE: 'api' });
    const none = await world.startApp({ ROLE: 'api' });
    const before = fake.requests.length;
    for (const [target, configured] of [
      [rss, 'youtube-rss'],
      [none, 'none'],
    ] as const) {
      for (const [url, label] of [
        ['/api/v1/search?q=x', 'Search'],
        [`/api/v1/comments/${video.id}`, 'Comments'],
        ['/api/v1/trending', 'Trending'],
        [`/api/v1/captions/${video.id}`, 'Captions'],
      ] as const) {
        const res = await get(url, target);
        expect([res.statusCode, res.json()]).toEqual([
          501,
          { error: `${label} needs an Invidious upstream: set UPSTREAM_URL=<an Invidious instance> (the configured upstream is ${configured})` },
        ]);
      }
    }
    expect(fake.requests.length).toBe(before);
  });
});
