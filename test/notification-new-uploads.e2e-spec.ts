import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NEW_VIDEO_DETAILS_PER_REFRESH } from '../src/catalog/refresh/catalog-refresher.service.js';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { StreamClient } from './support/event-stream-client.js';
import { fakeChannel, FakeUpstream, type FakeVideo } from './support/fake-upstream.js';
import { TestWorld } from './support/test-app.js';
import { createUser, type TestUser } from './support/users.js';
import { waitFor } from './support/wait-for.js';

/**
 * A subscribed channel's new upload reaches notification streams as the full video object: the
 * worker looks the new video up before storing and announcing it, so the event equals what
 * `GET /api/v1/videos/:id` answers (docs/dialects/invidious.md#notifications).
 */

jest.setTimeout(120_000);

/** Streams need real sockets; `inject` waits for the end of a response. */
const baseOf = async (app: NestFastifyApplication) => {
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
};

/** A `fields` selection over keys that listings and lookups fill differently, with a group. */
const FIELDS = 'videoId,title,description,descriptionHtml,published,publishedText,likeCount,genre,authorThumbnails(url,width)';

/** A selection of the playback fields, nested like a player's. */
const PLAYBACK_FIELDS = 'videoId,dashUrl,adaptiveFormats(itag,url),formatStreams(url,itag),captions';

/** What FIELDS keeps of a video object, written out by hand. */
function selected(video: Record<string, unknown>): Record<string, unknown> {
  const { videoId, title, description, descriptionHtml, published, publishedText, likeCount, genre } = video;
  const authorThumbnails = (video.authorThumbnails as { url: string; width: number }[]).map(({ url, width }) => ({ url, width }));
  return { title, videoId, description, descriptionHtml, published, publishedText, likeCount, genre, authorThumbnails };
}

/**
 * An upload whose description only the video's own page has (channel listings carry a snippet,
 * which the catalog ignores), published days ago so `publishedText` reads the same when the event
 * is built and when the video is read afterwards.
 */
function upload(fake: FakeUpstream, channelId: string, title: string): FakeVideo {
  const video = fake.addUpload(channelId, title);
  video.description = `${title}: the full description, only on the video page. More at https://example.com/${video.id}`;
  video.published = Math.floor(Date.now() / 1000) - 3 * 86400 - 7200;
  return video;
}

describe('notification events of new uploads (Invidious upstream, worker beside two API instances)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let apiA: NestFastifyApplication;
  let apiB: NestFastifyApplication;
  let baseA: string;
  let baseB: string;
  let admin: string;
  let users: TestUser[];
  const clients: StreamClient[] = [];
  const X = fakeChannel(1, 3, 'Channel X');

  const open = async (base: string, user: TestUser, query = '') => {
    const client = await StreamClient.open(base, `/api/v1/auth/notifications?topics=${X.id}${query}`, user.jwt);
    clients.push(client);
    expect(client.status).toBe(200);
    return client;
  };
  const keptAlive = (streams: StreamClient[]) => waitFor('every first keep-alive', () => streams.every((c) => c.keepAlives.length > 0));

  /** A channel refresh through the TubeArchivist API, run by the worker; resolves once the queue is empty. */
  async function refreshChannel(): Promise<void> {
    const headers = { authorization: `Token ${admin}` };
    const res = await apiA.inject({ method: 'POST', url: '/api/refresh/', headers, payload: { channel: [X.id] } });
    expect(res.statusCode).toBe(200);
    await waitFor(
      'an empty refresh queue',
      async () => (await apiA.inject({ method: 'GET', url: '/api/refresh/', headers })).json().total_queued === 0,
      30_000,
    );
  }

  async function getVideo(id: string, fields?: string): Promise<Record<string, unknown>> {
    const query = fields === undefined ? '' : `?fields=${encodeURIComponent(fields)}`;
    const res = await apiA.inject({ method: 'GET', url: `/api/v1/videos/${id}${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    fake = await FakeUpstream.start([X]);
    world = await TestWorld.create();
    const apiEnv = { ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url };
    apiA = await world.startApp(apiEnv);
    apiB = await world.startApp(apiEnv);
    await world.startApp({ ROLE: 'worker', UPSTREAM_URL: fake.url });
    [baseA, baseB] = [await baseOf(apiA), await baseOf(apiB)];
    admin = await loginToken(apiA);
    users = [await createUser(apiA), await createUser(apiA), await createUser(apiA)];
    for (const user of users) {
      const res = await apiA.inject({ method: 'POST', url: `/api/v1/auth/subscriptions/${X.id}`, headers: user.headers });
      expect(res.statusCode).toBe(204);
    }
    await refreshChannel();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('sends the GET /api/v1/videos/:id object of the new video, and exactly its fields selection with fields', async () => {
    const [alice, bob] = users;
    const whole = await open(baseA, alice);
    const filtered = await open(baseB, bob, `&fields=${encodeURIComponent(FIELDS)}`);
    await keptAlive([whole, filtered]);

    const fresh = upload(fake, X.id, 'An upload with details');
    await refreshChannel();
    await waitFor('the event on both streams', () => whole.eventsOf(fresh.id).length > 0 && filtered.eventsOf(fresh.id).length > 0);
    const video = await getVideo(fresh.id);

    // The lookup's values, which the channel listing does not carry.
    expect(video).toMatchObject({ description: fresh.description, published: fresh.published, likeCount: 42, genre: 'Music' });
    expect(video.descriptionHtml).toContain(`<a href="https://example.com/${fresh.id}">`);
    expect(whole.eventsOf(fresh.id).map((event) => event.data)).toEqual([video]);
    expect(filtered.eventsOf(fresh.id).map((event) => event.data)).toEqual([selected(video)]);
    // And the GET with the same fields filter answers the same object.
    expect(filtered.eventsOf(fresh.id).map((event) => event.data)).toEqual([await getVideo(fresh.id, FIELDS)]);
    // The selection keeps the video object's own key order.
    expect(Object.keys(filtered.eventsOf(fresh.id)[0].data)).toEqual(Object.keys(selected(video)));
  });

  it('carries the playback fields GET /api/v1/videos/:id adds, with and without local=true and fields, on each instance', async () => {
    const [alice, bob, carol] = users;
    const queries = ['', '&local=true', `&fields=${encodeURIComponent(PLAYBACK_FIELDS)}`, `&local=1&fields=${encodeURIComponent(PLAYBACK_FIELDS)}`];
    const streams = [
      ...(await Promise.all(queries.map((query, i) => open(baseA, [alice, bob, carol][i % 3], query)))).map((client, i) => ({
        base: baseA,
        query: queries[i],
        client,
      })),
      { base: baseB, query: '&local=true', client: await open(baseB, carol, '&local=true') },
    ];
    await keptAlive(streams.map(({ client }) => client));

    fake.serveStreams = true;
    try {
      const fresh = upload(fake, X.id, 'An upload with streams');
      await refreshChannel();
      await waitFor('the event on every stream', () => streams.every(({ client }) => client.eventsOf(fresh.id).length > 0));
      for (const { base, query, client } of streams) {
        // The same request as the stream's, on the same instance and host: the same origin and `local`.
        const res = await fetch(`${base}/api/v1/videos/${fresh.id}?${query.slice(1)}`);
        expect(res.status).toBe(200);
        const video = (await res.json()) as Record<string, unknown>;
        expect(client.eventsOf(fresh.id).map((event) => event.data)).toEqual([video]);
        expect(Object.keys(client.eventsOf(fresh.id)[0].data)).toEqual(Object.keys(video));
      }

      // Not vacuous: the streams are there, their URLs the upstream's or tubevault's as asked.
      const [plain, local] = [streams[0].client.eventsOf(fresh.id)[0].data, streams[1].client.eventsOf(fresh.id)[0].data];
      expect(plain).toMatchObject({ dashUrl: `${baseA}/api/manifest/dash/id/${fresh.id}`, captions: [{ language_code: 'en' }] });
      expect(plain.adaptiveFormats).toEqual([
        expect.objectContaining({ itag: '140', url: expect.stringMatching(/^https:\/\/rr1---sn-fake\.googlevideo\.com\//) }),
      ]);
      expect(plain.formatStreams).toEqual([expect.objectContaining({ itag: '18' })]);
      expect(local).toMatchObject({ dashUrl: `${baseA}/api/manifest/dash/id/${fresh.id}?local=true` });
      expect(local.formatStreams).toEqual([expect.objectContaining({ url: expect.stringMatching(new RegExp(`^${baseA}/videoplayback\\?`)) })]);
      expect(streams[4].client.eventsOf(fresh.id)[0].data).toMatchObject({ dashUrl: `${baseB}/api/manifest/dash/id/${fresh.id}?local=true` });
      expect(Object.keys(streams[2].client.eventsOf(fresh.id)[0].data).sort()).toEqual(['adaptiveFormats', 'captions', 'dashUrl', 'formatStreams', 'videoId']);
      // One lookup by the worker, one read of the streams for every stream on both instances (the GETs were answered from the cache).
      expect(fake.count(`/api/v1/videos/${fresh.id}`)).toBe(2);
    } finally {
      fake.serveStreams = false;
    }
  });

  it('refuses a local value other than true, false, 1 or 0 before the stream opens', async () => {
    const res = await apiA.inject({ method: 'GET', url: `/api/v1/auth/notifications?topics=${X.id}&local=yes`, headers: users[0].headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Invalid local "yes": expected true, false, 1 or 0' });
  });

  it('looks each new video up once, however many streams on however many instances listen', async () => {
    const [alice, bob, carol] = users;
    const streams = [
      await open(baseA, alice),
      await open(baseA, alice, '&fields=videoId,description'),
      await open(baseB, bob),
      await open(baseB, carol, `&fields=${encodeURIComponent(FIELDS)}`),
      await open(baseA, carol),
    ];
    await keptAlive(streams);

    const uploads = [upload(fake, X.id, 'First of two'), upload(fake, X.id, 'Second of two')];
    await refreshChannel();
    await waitFor('both events on every stream', () => streams.every((c) => uploads.every((u) => c.eventsOf(u.id).length > 0)));
    // Counted before any GET /api/v1/videos/:id: the worker's lookup, and one read of the streams
    // (through the shared gateway cache) for the three streams without fields on both instances.
    for (const { id } of uploads) expect(fake.count(`/api/v1/videos/${id}`)).toBe(2);

    for (const { id, description } of uploads) {
      for (const stream of streams) {
        expect(stream.eventsOf(id)).toHaveLength(1);
        expect(stream.eventsOf(id)[0].data.description).toBe(description);
      }
      const video = await getVideo(id);
      expect(streams[0].eventsOf(id)[0].data).toEqual(video);
      expect(streams[3].eventsOf(id)[0].data).toEqual(selected(video));
    }
  });

  it(`looks up at most ${NEW_VIDEO_DETAILS_PER_REFRESH} new videos per refresh; the others are announced as listed and completed by their own job`, async () => {
    const stream = await open(baseA, users[0], '&fields=videoId,description');
    await keptAlive([stream]);
    fake.channelPageSize = 50;
    try {
      const batch = Array.from({ length: NEW_VIDEO_DETAILS_PER_REFRESH + 2 }, (_, i) => upload(fake, X.id, `Batch upload ${i + 1}`));
      await refreshChannel();
      await waitFor('an event per upload', () => batch.every((u) => stream.eventsOf(u.id).length > 0));
      // The listing is newest first: its first NEW_VIDEO_DETAILS_PER_REFRESH new videos were looked up.
      const [listedOnly, detailed] = [batch.slice(0, 2), batch.slice(2)];
      for (const { id, description } of detailed) expect(stream.eventsOf(id).map((e) => e.data)).toEqual([{ videoId: id, description }]);
      for (const { id } of listedOnly) expect(stream.eventsOf(id).map((e) => e.data)).toEqual([{ videoId: id, description: '' }]);
      // Each video was looked up once: inline, or by its follow-up job, which filled the description in.
      for (const { id } of batch) expect(fake.count(`/api/v1/videos/${id}`)).toBe(1);
      for (const { id, description } of listedOnly) expect((await getVideo(id)).description).toBe(description);
    } finally {
      fake.channelPageSize = 30;
    }
  });

  it('announces a new video as listed when its lookup fails; its own job completes it later', async () => {
    const stream = await open(baseB, users[1]);
    await keptAlive([stream]);
    const fresh = upload(fake, X.id, 'Lookup refused');
    fake.failNext(1, 403, `/api/v1/videos/${fresh.id}`);
    await refreshChannel();
    await waitFor('the event', () => stream.eventsOf(fresh.id).length > 0);
    expect(stream.eventsOf(fresh.id)[0].data).toMatchObject({ videoId: fresh.id, title: 'Lookup refused', description: '', likeCount: 0 });
    // The refused lookup, its video refresh, and the event's read of the streams (shared through the gateway cache).
    expect(fake.count(`/api/v1/videos/${fresh.id}`)).toBe(3);
    expect(await getVideo(fresh.id)).toMatchObject({ description: fresh.description, likeCount: 42 });
  });
});

describe('notification events of new uploads (UPSTREAM=youtube-rss)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  const R = fakeChannel(5, 2, 'Channel R');

  beforeAll(async () => {
    fake = await FakeUpstream.start([R]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM: 'youtube-rss', YOUTUBE_URL: fake.url });
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('sends the feed entry as stored, which is the GET /api/v1/videos/:id object: the feeds have no single-video lookup', async () => {
    const admin = await loginToken(app);
    const user = await createUser(app);
    const base = await baseOf(app);
    const stream = await StreamClient.open(base, `/api/v1/auth/notifications?topics=${R.id}`, user.jwt);
    try {
      await waitFor('the first keep-alive', () => stream.keepAlives.length > 0);
      const fresh = upload(fake, R.id, 'A feed upload');
      const res = await app.inject({ method: 'POST', url: '/api/refresh/', headers: { authorization: `Token ${admin}` }, payload: { channel: [R.id] } });
      expect(res.statusCode).toBe(200);
      await waitFor('the event', () => stream.eventsOf(fresh.id).length > 0);
      const video = (await app.inject({ method: 'GET', url: `/api/v1/videos/${fresh.id}` })).json();
      expect(video.description).toBe(fresh.description);
      expect(stream.eventsOf(fresh.id).map((e) => e.data)).toEqual([video]);
      expect(fake.count('/api/v1/')).toBe(0);
    } finally {
      stream.close();
    }
  });
});
