import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { CATALOG_EVENTS_CHANNEL, parseCatalogEvent, type CatalogEvent } from '../src/catalog/media/catalog-events.js';
import { QUEUES } from '../src/platform/queue/queues.js';
import { ADMIN_ENV, loginToken, mintToken } from './support/auth.js';
import { TEST_REDIS_URL } from './support/env.js';
import { fakeChannel, FakeUpstream, type FakeChannel } from './support/fake-upstream.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };

const queueOf = (app: NestFastifyApplication) => app.get<Queue>(getQueueToken(QUEUES.refresh));

/** Every job Bull holds in the refresh queue, by id (the repeatable schedule's runs left out). */
async function jobIds(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'paused', 'delayed', 'active', 'completed', 'failed']);
  return jobs
    .map((job) => String(job.id))
    .filter((id) => !id.startsWith('repeat:'))
    .sort();
}

/** An admin client of one app (TestWorld's `app.inject` checks every answer against the OpenAPI document). */
class Client {
  private constructor(
    private readonly app: NestFastifyApplication,
    private readonly authorization: string | undefined,
  ) {}

  static async of(app: NestFastifyApplication, authorization?: string): Promise<Client> {
    return new Client(app, authorization ?? `Token ${await loginToken(app)}`);
  }

  as(authorization: string | undefined): Client {
    return new Client(this.app, authorization);
  }

  async request(method: 'GET' | 'POST', url: string, payload?: unknown) {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.authorization ? { authorization: this.authorization } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      payload: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return res;
  }

  refresh(body: unknown, query = '') {
    return this.request('POST', `/api/refresh/${query}`, body);
  }

  /** The whole answer of `GET /api/refresh/`. */
  async answer(query = ''): Promise<Record<string, unknown>> {
    const res = await this.request('GET', `/api/refresh/${query}`);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  /** The fields TubeArchivist documents, in order; tubevault's own `counts` must follow them and is left out here. */
  async status(query = ''): Promise<Record<string, unknown>> {
    const fields = await this.answer(query);
    expect(Object.keys(fields).at(-1)).toBe('counts');
    delete fields.counts;
    return fields;
  }

  /** tubevault's `counts` of the queue. */
  async counts(query = ''): Promise<Record<string, unknown>> {
    return (await this.answer(query)).counts as Record<string, unknown>;
  }

  /** Until no item job is queued (waiting, delayed or running). */
  idle(timeoutMs = 20_000): Promise<true> {
    return waitFor('an empty refresh queue', async () => (await this.status()).total_queued === 0, timeoutMs);
  }
}

describe('POST/GET /api/refresh/ with ROLE=api (jobs wait: nothing processes them)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let api: NestFastifyApplication;
  let admin: Client;
  let queue: Queue;
  const channel = fakeChannel(1, 40);
  const [V1, V2] = channel.videos.map((v) => v.id);
  const PLAYLIST = 'PLmissingplaylist1';

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    api = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url });
    admin = await Client.of(api);
    queue = queueOf(api);
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('queues one Bull job per item, however often it is posted, and echoes the body', async () => {
    const body = { video: [V1, V2, V1], channel: [channel.id], playlist: [PLAYLIST] };
    for (let i = 0; i < 2; i++) {
      const res = await admin.refresh(body);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(JSON.stringify(body));
    }
    expect(await jobIds(queue)).toEqual([`channel:${channel.id}`, `playlist:${PLAYLIST}`, `video:${V1}`, `video:${V2}`]);
    expect(await queue.getWaitingCount()).toBe(4);
    expect((await admin.refresh({})).json()).toEqual({});
  });

  it('reports totals from the queue, keys in the documented order, and an item as in_queue', async () => {
    const all = await admin.status();
    expect(Object.keys(all)).toEqual(['total_queued', 'type', 'state']);
    expect(all).toEqual({ total_queued: 4, type: 'all', state: 'running' });
    const byType = await Promise.all(['video', 'channel', 'playlist'].map((type) => admin.status(`?type=${type}`)));
    expect(byType.map((s) => s.total_queued)).toEqual([2, 1, 1]);
    expect(byType.reduce((sum, s) => sum + (s.total_queued as number), 0)).toBe(all.total_queued);
    expect(byType[0]).toEqual({ total_queued: 2, type: 'video', state: 'running' });
    const item = await admin.status(`?type=video&id=${V1}`);
    expect(Object.keys(item)).toEqual(['total_queued', 'type', 'state', 'id']);
    expect(item).toEqual({ total_queued: 2, type: 'video', state: 'in_queue', id: V1 });
    expect(await admin.status('?type=video&id=zzzzzzzzzzz')).toEqual({ total_queued: 2, type: 'video', state: false, id: 'zzzzzzzzzzz' });
    expect(await admin.status('?type=&id=')).toEqual(all);
  });

  it('refuses a bad status query', async () => {
    const noType = await admin.request('GET', `/api/refresh/?id=${V1}`);
    expect(noType.statusCode).toBe(400);
    expect(noType.json()).toEqual({ status: 'Bad Request', message: 'id requires type' });
    const badType = await admin.request('GET', '/api/refresh/?type=all');
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toEqual({ status: 'Bad Request', message: 'type must be one of video, channel, playlist' });
  });

  it('upgrades a waiting channel job when extract_videos is asked for later', async () => {
    expect((await queue.getJob(`channel:${channel.id}`))!.data.extractVideos).toBe(false);
    await admin.refresh({ channel: [channel.id] }, '?extract_videos=true');
    expect((await queue.getJob(`channel:${channel.id}`))!.data.extractVideos).toBe(true);
    expect(await queue.getWaitingCount()).toBe(4);
  });

  it.each([
    [
      'a bad id',
      { video: ['abc', V1], channel: ['UCx'] },
      {
        message: '2 invalid ids; nothing was queued',
        errors: { video: ['"abc": a video id is 11 characters of A-Z a-z 0-9 _ -'], channel: ['"UCx": a channel id is UC + 22 characters of A-Z a-z 0-9 _ -'] },
      },
    ],
    ['1001 ids', { video: Array(1001).fill('zzzzzzzzzzz') }, { message: 'too many ids: 1001 given, at most 1000' }],
    ['a non-list', { video: 'zzzzzzzzzzz' }, { message: 'video must be an array of ids', errors: { video: ['video must be an array of ids'] } }],
    [
      'an unknown key',
      { video: ['zzzzzzzzzzz'], foo: [] },
      { message: 'unknown key "foo": expected video, channel or playlist', errors: { foo: ['unknown key "foo": expected video, channel or playlist'] } },
    ],
    ['a non-object', ['zzzzzzzzzzz'], { message: 'body must be a JSON object' }],
  ])('refuses %s with 400 naming the problem, and queues nothing', async (_case, body, expected) => {
    const before = await jobIds(queue);
    const res = await admin.refresh(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'Bad Request', ...expected });
    expect(await jobIds(queue)).toEqual(before);
  });

  it('answers 403 to anonymous callers, non-admins and tokens without POST:refresh, and queues nothing', async () => {
    const before = await jobIds(queue);
    const body = { video: ['yyyyyyyyyyy'] };
    const anonymous = await admin.as(undefined).refresh(body);
    expect(anonymous.statusCode).toBe(403);
    expect(anonymous.json()).toEqual({ detail: 'Authentication credentials were not provided.' });

    const bob = admin.as(`Token ${(await createUser(api, { username: 'bob', password: 'password123' })).jwt}`);
    for (const res of [await bob.refresh(body), await bob.request('GET', '/api/refresh/')]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual(FORBIDDEN);
    }

    const adminJwt = await loginToken(api);
    const readOnly = admin.as(`Token ${encodeURIComponent(await mintToken(api, adminJwt, ['GET:refresh']))}`);
    expect((await readOnly.request('GET', '/api/refresh/')).statusCode).toBe(200);
    const refused = await readOnly.refresh(body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual(FORBIDDEN);
    expect(await jobIds(queue)).toEqual(before);
  });

  it('answers 503 without an upstream, after validating, and queues nothing', async () => {
    const noUpstream = await Client.of(await world.startApp({ ...ADMIN_ENV, ROLE: 'api' }));
    const before = await jobIds(queue);
    const res = await noUpstream.refresh({ video: ['yyyyyyyyyyy'] });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ detail: 'no upstream configured: set UPSTREAM_URL or UPSTREAM=youtube-rss' });
    expect((await noUpstream.refresh({ video: ['bad'] })).statusCode).toBe(400);
    expect(await jobIds(queue)).toEqual(before);
  });

  it('once a worker runs: the item is no longer queued, totals are empty, and a finished item can be queued again', async () => {
    await world.startApp({ ROLE: 'worker', UPSTREAM_URL: fake.url });
    await admin.idle();
    expect(await admin.status(`?type=video&id=${V1}`)).toEqual({ total_queued: 0, type: 'video', state: false, id: V1 });
    expect(await admin.status()).toEqual({ total_queued: 0, type: 'all', state: 'empty' });
    const videos = await world.db().query('SELECT count(*)::int AS n FROM videos WHERE channel_id = $1', [channel.id]);
    expect(videos.rows[0].n).toBe(40);

    const fetched = fake.count(`/api/v1/videos/${V1}`);
    await admin.refresh({ video: [V1] });
    await admin.idle();
    expect(fake.count(`/api/v1/videos/${V1}`)).toBe(fetched + 1);
  });
});

describe("GET /api/refresh/ counts: Bull's job counts as jobs are queued, run and end", () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let admin: Client;
  const channel = fakeChannel(9, 3);
  const [DONE, FAILED, HELD] = channel.videos.map((v) => v.id);

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    admin = await Client.of(await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url }));
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('counts queued, then running, done and failed jobs of the whole queue, whatever type and id ask', async () => {
    expect(await admin.counts()).toEqual({ queued: 0, active: 0, done: 0, failed: 0 });
    fake.serveMalformed(FAILED);
    const release = fake.hold(`/api/v1/videos/${HELD}`);
    await admin.refresh({ video: [DONE, FAILED, HELD] });
    expect(await admin.counts()).toEqual({ queued: 3, active: 0, done: 0, failed: 0 });
    expect(await admin.counts('?type=channel')).toEqual({ queued: 3, active: 0, done: 0, failed: 0 });

    // A daily schedule: its next run (a delayed job, so one more queued) does not come during the test.
    await world.startApp({ ROLE: 'worker', UPSTREAM_URL: fake.url, SUBSCRIPTION_REFRESH_MINUTES: '1440' });
    const whileHeld = await waitFor('one job done, one failed, one held running', async () => {
      const counts = await admin.counts();
      return counts.done === 1 && counts.failed === 1 && counts.active === 1 && counts;
    });
    expect(whileHeld).toEqual({ queued: 1, active: 1, done: 1, failed: 1 });
    expect(await admin.status(`?type=video&id=${HELD}`)).toEqual({ total_queued: 1, type: 'video', state: 'in_queue', id: HELD });

    release();
    await admin.idle();
    expect(await admin.counts()).toEqual({ queued: 1, active: 0, done: 2, failed: 1 });
    expect(await admin.counts(`?type=video&id=${DONE}`)).toEqual({ queued: 1, active: 0, done: 2, failed: 1 });
  });
});

describe('refresh jobs against the fake Invidious upstream (ROLE=all)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let admin: Client;
  let queue: Queue;
  let db: pg.Pool;
  const big = fakeChannel(1, 45);
  const small = fakeChannel(2, 6);
  const listed = fakeChannel(3, 130);
  const busy = fakeChannel(8, 3);
  const PLAYLIST = 'PLfakeplaylist0001';
  const NOT_UPSTREAM = `UC${'n'.repeat(22)}`;

  beforeAll(async () => {
    fake = await FakeUpstream.start(
      [big, small, listed, busy],
      [{ id: PLAYLIST, title: 'Everything', channelId: listed.id, videoIds: listed.videos.map((v) => v.id).reverse() }],
    );
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url });
    admin = await Client.of(app);
    queue = queueOf(app);
    db = world.db();
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  const videoIdsOf = async (channelId: string) =>
    (await db.query('SELECT id FROM videos WHERE channel_id = $1 ORDER BY id', [channelId])).rows.map((r) => r.id as string);

  it('a channel → within seconds the channel and its newest page; with extract_videos every video, with details', async () => {
    expect((await admin.refresh({ channel: [big.id] })).statusCode).toBe(200);
    const channelJson = await waitFor<{ author: string; latestVideos: { videoId: string }[] }>(
      'the channel in the catalog',
      async () => {
        const res = await app.inject({ method: 'GET', url: `/api/v1/channels/${big.id}` });
        return res.statusCode === 200 && res.json().latestVideos.length === 30 && res.json();
      },
      10_000,
    );
    expect(channelJson.author).toBe(big.name);
    expect(channelJson.latestVideos.map((v: { videoId: string }) => v.videoId)).toEqual(big.videos.slice(0, 30).map((v) => v.id));
    await admin.idle();
    expect(await videoIdsOf(big.id)).toEqual(
      big.videos
        .slice(0, 30)
        .map((v) => v.id)
        .sort(),
    );
    const job = (await queue.getJob(`channel:${big.id}`))!;
    expect(await job.getState()).toBe('completed');
    expect(job.progress()).toBe(100);
    expect(job.returnvalue).toEqual({ status: 'refreshed', videos: 30, newVideos: 30 });

    await admin.refresh({ channel: [big.id] }, '?extract_videos=1');
    await admin.idle();
    expect(await videoIdsOf(big.id)).toEqual(big.videos.map((v) => v.id).sort());
    // Every video's own lookup ran (channel pages carry no full description, likes or exact date).
    const details = await db.query('SELECT count(*)::int AS n FROM videos WHERE channel_id = $1 AND like_count = 42 AND description LIKE $2', [
      big.id,
      'Description of %',
    ]);
    expect(details.rows[0].n).toBe(45);
    const video = (await app.inject({ method: 'GET', url: `/api/v1/videos/${big.videos[44].id}` })).json();
    expect(video).toMatchObject({
      title: big.videos[44].title,
      published: big.videos[44].published,
      lengthSeconds: big.videos[44].lengthSeconds,
      genre: 'Music',
    });
    expect(video.videoThumbnails[0].url).toBe(`${fake.url}/vi/${big.videos[44].id}/maxres.jpg`);
  });

  it('a playlist → the playlist, its members in order and their channel, across overlapping pages', async () => {
    await admin.refresh({ playlist: [PLAYLIST] });
    await admin.idle();
    const entries = await db.query('SELECT video_id FROM upstream_playlist_videos WHERE playlist_id = $1 ORDER BY position', [PLAYLIST]);
    expect(entries.rows.map((r) => r.video_id)).toEqual(listed.videos.map((v) => v.id).reverse());
    const playlist = await db.query('SELECT title, author, channel_id FROM upstream_playlists WHERE id = $1', [PLAYLIST]);
    expect(playlist.rows[0]).toEqual({ title: 'Everything', author: listed.name, channel_id: listed.id });
    expect(await videoIdsOf(listed.id)).toHaveLength(130);
    expect(fake.count(`/api/v1/playlists/${PLAYLIST}`)).toBe(2);
  });

  it('a refresh asked for while the item job runs is not lost: the job runs once more', async () => {
    const listing = `/api/v1/channels/${busy.id}/videos`;
    fake.delay(listing, 600);
    await admin.refresh({ channel: [busy.id] });
    await waitFor('the first listing request', async () => fake.count(listing) === 1, 20_000);
    // The listing being answered predates this upload.
    const upload = fake.addUpload(busy.id);
    await admin.refresh({ channel: [busy.id] });
    expect(await admin.status(`?type=channel&id=${busy.id}`)).toMatchObject({ state: 'in_queue' });
    await admin.idle();
    expect(fake.count(listing)).toBe(2);
    expect(await videoIdsOf(busy.id)).toContain(upload.id);
    expect(await jobIds(queue)).toContain(`channel:${busy.id}`);
  });

  it('500, 500, then 200 → the job succeeds on retry', async () => {
    const id = small.videos[0].id;
    fake.failNext(2, 500, `/api/v1/videos/${id}`);
    await admin.refresh({ video: [id] });
    await admin.idle();
    expect(fake.count(`/api/v1/videos/${id}`)).toBe(3);
    expect(await (await queue.getJob(`video:${id}`))!.getState()).toBe('completed');
    expect((await app.inject({ method: 'GET', url: `/api/v1/videos/${id}` })).statusCode).toBe(200);
  });

  it('404 → the stored item is marked missing and the job ends without retrying', async () => {
    const id = small.videos[0].id;
    fake.makeMissing(id);
    const before = fake.count(`/api/v1/videos/${id}`);
    await admin.refresh({ video: [id], channel: [NOT_UPSTREAM] });
    await admin.idle();
    expect(fake.count(`/api/v1/videos/${id}`)).toBe(before + 1);
    const job = (await queue.getJob(`video:${id}`))!;
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(0);
    expect(job.returnvalue).toEqual({ status: 'missing', videos: 0, newVideos: 0 });
    expect((await db.query('SELECT missing_upstream FROM videos WHERE id = $1', [id])).rows[0].missing_upstream).toBe(true);
    expect((await db.query('SELECT count(*)::int AS n FROM channels WHERE id = $1', [NOT_UPSTREAM])).rows[0].n).toBe(0);
  });

  it('a malformed body → that job fails with a readable reason at once, and the others still run', async () => {
    const [, bad, good] = small.videos.map((v) => v.id);
    fake.serveMalformed(bad);
    await admin.refresh({ video: [bad, good] });
    await admin.idle();
    const failed = (await queue.getJob(`video:${bad}`))!;
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(new RegExp(`^malformed upstream response to GET ${fake.url}/api/v1/videos/${bad}: body is not JSON`));
    expect(fake.count(`/api/v1/videos/${bad}`)).toBe(1);
    expect(await (await queue.getJob(`video:${good}`))!.getState()).toBe('completed');
    // The worker keeps going.
    await admin.refresh({ video: [small.videos[3].id] });
    await admin.idle();
    expect(await (await queue.getJob(`video:${small.videos[3].id}`))!.getState()).toBe('completed');
  });
});

describe('refresh jobs against YouTube feeds (UPSTREAM=youtube-rss)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let admin: Client;
  let app: NestFastifyApplication;
  const channel = fakeChannel(4, 20);

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM: 'youtube-rss', YOUTUBE_URL: fake.url });
    admin = await Client.of(app);
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('a channel → its 15 newest uploads with title, description, date, views and thumbnail; no length', async () => {
    await admin.refresh({ channel: [channel.id] }, '?extract_videos=true');
    await admin.idle();
    const json = (await app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json();
    expect(json.author).toBe(channel.name);
    expect(json.latestVideos.map((v: { videoId: string }) => v.videoId)).toEqual(channel.videos.slice(0, 15).map((v) => v.id));
    const video = (await app.inject({ method: 'GET', url: `/api/v1/videos/${channel.videos[0].id}` })).json();
    expect(video).toMatchObject({
      title: channel.videos[0].title,
      description: channel.videos[0].description,
      published: channel.videos[0].published,
      viewCount: channel.videos[0].viewCount,
      lengthSeconds: 0,
    });
    expect(video.videoThumbnails[3].url).toBe(`${fake.url}/vi/${channel.videos[0].id}/hqdefault.jpg`);
    expect(fake.count('/api/v1/')).toBe(0);
  });

  it('a single video → the job fails saying the feeds cannot do it', async () => {
    await admin.refresh({ video: [channel.videos[0].id] });
    await admin.idle();
    const job = (await queueOf(app).getJob(`video:${channel.videos[0].id}`))!;
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/youtube-rss upstream cannot look up single videos/);
  });
});

describe('the periodic refresh of subscribed channels', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let admin: Client;
  let subscriber: Redis;
  const subscribed = fakeChannel(5, 4);
  const unsubscribed = fakeChannel(6, 4);
  const env = { ...ADMIN_ENV, UPSTREAM_URL: '', SUBSCRIPTION_REFRESH_MINUTES: '0.05' };

  beforeAll(async () => {
    fake = await FakeUpstream.start([subscribed, unsubscribed]);
    env.UPSTREAM_URL = fake.url;
    world = await TestWorld.create();
    app = await world.startApp(env);
    admin = await Client.of(app);
    subscriber = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    subscriber.disconnect();
    await world.close();
    await fake.close();
  });

  it('picks up a new upload of a subscribed channel and publishes exactly one catalog event', async () => {
    const bob = await createUser(app, { username: 'bob', password: 'password123', login: false });
    await world.db().query('INSERT INTO subscriptions (user_id, channel_id) VALUES ($1, $2)', [bob.id, subscribed.id]);
    const db = world.db();
    const count = async () => (await db.query('SELECT count(*)::int AS n FROM videos WHERE channel_id = $1', [subscribed.id])).rows[0].n as number;
    await waitFor('the subscribed channel in the catalog', async () => (await count()) === 4, 15_000);
    await admin.idle();

    // A second worker registers the same schedule: it still exists once.
    await world.startApp({ ...env, ROLE: 'worker' });
    const schedules = (await queueOf(app).getRepeatableJobs()).filter((job) => job.name === 'subscribed-channels');
    expect(schedules).toHaveLength(1);

    const events: CatalogEvent[] = [];
    await subscriber.subscribe(`${world.redisPrefix}:${CATALOG_EVENTS_CHANNEL.join(':')}`);
    subscriber.on('message', (_channel, message) => events.push(parseCatalogEvent(message)!));
    const runs = fake.count(`/api/v1/channels/${subscribed.id}/videos`);
    const upload = fake.addUpload(subscribed.id);
    await waitFor('the new upload in the catalog', async () => (await count()) === 5, 15_000);
    // Let the schedule run at least twice more: the same video must not be announced again.
    await waitFor('two more scheduled runs', async () => fake.count(`/api/v1/channels/${subscribed.id}/videos`) >= runs + 3, 20_000);
    await admin.idle();
    expect(events).toEqual([{ type: 'video.created', videoId: upload.id, channelId: subscribed.id, at: expect.any(Number) }]);
    expect(fake.count(unsubscribed.id)).toBe(0);
  });
});

describe('a worker process killed (SIGKILL) in the middle of a channel job', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let admin: Client;
  let queue: Queue;
  let subscriber: Redis;
  const workers: ServiceProcess[] = [];
  const channel: FakeChannel = fakeChannel(7, 90);

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    const api = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url });
    admin = await Client.of(api);
    queue = queueOf(api);
    subscriber = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    subscriber.disconnect();
    await world.close();
    await fake.close();
  });

  const startWorker = async () => {
    const worker = new ServiceProcess({
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: world.redisPrefix,
      ROLE: 'worker',
      UPSTREAM_URL: fake.url,
      // A dead worker's job is taken over after 2-4 s instead of Bull's default 30-60 s.
      JOB_LOCK_SECONDS: '2',
    });
    workers.push(worker);
    await worker.waitFor(/worker ready/);
    return worker;
  };

  it('retries the job after a restart; the catalog ends complete, each video announced once', async () => {
    const events: CatalogEvent[] = [];
    await subscriber.subscribe(`${world.redisPrefix}:${CATALOG_EVENTS_CHANNEL.join(':')}`);
    subscriber.on('message', (_channel, message) => events.push(parseCatalogEvent(message)!));
    const pages = `/api/v1/channels/${channel.id}/videos`;
    fake.delay(pages, 700);

    const first = await startWorker();
    await admin.refresh({ channel: [channel.id] }, '?extract_videos=true');
    await waitFor('the second page to be requested', async () => fake.count(pages) >= 2, 20_000);
    expect(await (await queue.getJob(`channel:${channel.id}`))!.getState()).toBe('active');
    const killed = await first.stop('SIGKILL');
    expect(killed.code).toBeNull();

    await startWorker();
    await waitFor('the channel job to complete', async () => (await (await queue.getJob(`channel:${channel.id}`))!.getState()) === 'completed', 40_000);
    await admin.idle(40_000);
    expect(fake.count(pages)).toBeGreaterThan(3);

    const rows = await world.db().query('SELECT id, like_count FROM videos WHERE channel_id = $1 ORDER BY id', [channel.id]);
    expect(rows.rows.map((r) => r.id)).toEqual(channel.videos.map((v) => v.id).sort());
    expect(rows.rows.every((r) => Number(r.like_count) === 42)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    const created = events
      .filter((e) => e.type === 'video.created')
      .map((e) => e.videoId)
      .sort();
    expect(created).toEqual(channel.videos.map((v) => v.id).sort());
    expect(events.filter((e) => e.type !== 'video.created')).toEqual([]);
  });
});
