import { jest } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { RefreshQueue } from '../src/catalog/refresh/refresh-queue.service.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

/** A loopback port nothing listens on: an upstream that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('read-through catalog (docs/dialects/invidious.md#upstream-reads): a video or channel the catalog lacks comes from the upstream', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  let second: NestFastifyApplication;
  let db: pg.Pool;
  const known = fakeChannel(41, 5, 'Read through');
  const crowd = fakeChannel(42, 3, 'Crowd');
  const slow = fakeChannel(43, 2, 'Slow');
  const rss = fakeChannel(44, 4, 'Feed only');
  const queued = fakeChannel(45, 2, 'Queued');

  beforeAll(async () => {
    fake = await FakeUpstream.start([known, crowd, slow, rss, queued]);
    world = await TestWorld.create();
    app = await world.startApp({ UPSTREAM_URL: fake.url, ROLE: 'api', UPSTREAM_TIMEOUT_MS: '1500' });
    second = await world.startApp({ UPSTREAM_URL: fake.url, ROLE: 'api', UPSTREAM_TIMEOUT_MS: '1500' });
    db = world.db();
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('reads an unknown channel through, stores it with its newest uploads, then answers from the catalog', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/channels/${known.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ author: known.name, authorId: known.id, subCount: known.subCount });
    expect(res.json().latestVideos.map((v: { videoId: string }) => v.videoId)).toEqual(known.videos.map((v) => v.id));
    expect((await db.query('SELECT name FROM channels WHERE id = $1', [known.id])).rows).toEqual([{ name: known.name }]);
    const before = fake.requests.length;
    expect((await app.inject({ method: 'GET', url: `/api/v1/channels/${known.id}/videos` })).statusCode).toBe(200);
    expect(fake.requests.length).toBe(before);
  });

  it('lets a client-only user subscribe to a channel it just opened, and the feed shows its videos at once', async () => {
    const user = await LibraryClient.newUser(app);
    await user.noContent('POST', `/api/v1/auth/subscriptions/${known.id}`);
    const feed = await user.getJson<{ videos: { videoId: string }[] }>('/api/v1/auth/feed');
    expect(feed.videos.map((v) => v.videoId)).toEqual(known.videos.map((v) => v.id));
  });

  it('reads an unknown video through and stores it', async () => {
    const video = known.videos[0];
    await db.query('DELETE FROM videos WHERE id = $1', [video.id]);
    const res = await app.inject({ method: 'GET', url: `/api/v1/videos/${video.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ videoId: video.id, title: video.title, description: video.description, likeCount: 42, authorId: known.id });
    expect((await db.query('SELECT title FROM videos WHERE id = $1', [video.id])).rows).toEqual([{ title: video.title }]);
  });

  it('makes one upstream request for ten concurrent first reads of one channel, across two instances', async () => {
    const path = `/api/v1/channels/${crowd.id}`;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? second : app).inject({ method: 'GET', url: path })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(fake.requests.filter((r) => r === path)).toHaveLength(1);
  });

  it('waits a while for a refresh of the channel already queued, then reads through itself when no worker runs it', async () => {
    await app.get(RefreshQueue).enqueue([{ kind: 'channel', id: queued.id, extractVideos: false }]);
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: `/api/v1/channels/${queued.id}` });
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(fake.requests.filter((r) => r === `/api/v1/channels/${queued.id}`)).toHaveLength(1);
  });

  it('answers 404 only when the upstream says the item does not exist', async () => {
    const missingVideo = 'zzzzzzzzzz1';
    const missingChannel = 'UCzzzzzzzzzzzzzzzzzzzzzz';
    expect(await app.inject({ method: 'GET', url: `/api/v1/videos/${missingVideo}` }).then((r) => [r.statusCode, r.json()])).toEqual([
      404,
      { error: 'Video unavailable' },
    ]);
    expect(await app.inject({ method: 'GET', url: `/api/v1/channels/${missingChannel}` }).then((r) => [r.statusCode, r.json()])).toEqual([
      404,
      { error: 'This channel does not exist.' },
    ]);
    expect(await app.inject({ method: 'GET', url: `/api/v1/channels/${missingChannel}/videos` }).then((r) => r.statusCode)).toBe(404);
  });

  it('answers 504 naming the upstream when it does not answer within UPSTREAM_TIMEOUT_MS', async () => {
    fake.delay(slow.id, 4000);
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: `/api/v1/channels/${slow.id}` });
    expect(Date.now() - started).toBeLessThan(3000);
    expect([res.statusCode, res.json()]).toEqual([504, { error: `Upstream timeout: ${fake.url} did not answer within 1.5 s` }]);
  });

  it('answers 502 quickly, naming the upstream, when it is down', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const offline = await world.startApp({ UPSTREAM_URL: down, ROLE: 'api', UPSTREAM_TIMEOUT_MS: '5000' });
    const started = Date.now();
    const res = await offline.inject({ method: 'GET', url: `/api/v1/channels/${rss.id}` });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatch(new RegExp(`^Upstream error: .*${down.replace(/[.]/g, '\\.')}.*ECONNREFUSED`));
  });

  describe('UPSTREAM=youtube-rss', () => {
    let feedApp: NestFastifyApplication;
    beforeAll(async () => {
      feedApp = await world.startApp({ UPSTREAM: 'youtube-rss', YOUTUBE_URL: fake.url, ROLE: 'api' });
    });

    it('reads an unknown channel through from its feed', async () => {
      const res = await feedApp.inject({ method: 'GET', url: `/api/v1/channels/${rss.id}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ author: rss.name, authorId: rss.id });
      expect(res.json().latestVideos.map((v: { videoId: string }) => v.videoId)).toEqual(rss.videos.map((v) => v.id));
      expect(fake.count(`/feeds/videos.xml?channel_id=${rss.id}`)).toBeGreaterThanOrEqual(1);
    });

    it('answers an unknown video with 501 naming the setting that enables it', async () => {
      const res = await feedApp.inject({ method: 'GET', url: '/api/v1/videos/zzzzzzzzzz2' });
      expect(res.statusCode).toBe(501);
      expect(res.json().error).toMatch(/UPSTREAM_URL/);
    });
  });

  it('keeps answering 404 for what the catalog lacks when no upstream is configured', async () => {
    const bare = await world.startApp({ ROLE: 'api' });
    expect((await bare.inject({ method: 'GET', url: '/api/v1/videos/zzzzzzzzzz3' })).statusCode).toBe(404);
  });
});
