import { connect } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { CATALOG_EVENTS_CHANNEL, serializeCatalogEvent } from '../src/catalog/media/catalog-events.js';
import { NotificationsService } from '../src/invidious/notifications/notifications.service.js';
import { ADMIN_ENV, loginToken, mintToken } from './support/auth.js';
import { TEST_REDIS_URL } from './support/env.js';
import { StreamClient } from './support/event-stream-client.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { freePort } from './support/redis-server.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

const KEEPALIVE_SECONDS = 0.5;
const DEBUG_SECONDS = 0.3;
const STREAM_ENV = { NOTIFICATIONS_KEEPALIVE_SECONDS: String(KEEPALIVE_SECONDS), NOTIFICATIONS_DEBUG_SECONDS: String(DEBUG_SECONDS) };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same video object; `publishedText` ("60 seconds ago") may have moved on since the event was built. */
const sameVideo = (video: Record<string, unknown>) => ({ ...video, publishedText: expect.any(String) });

/** Listens on a free loopback port (streams need real sockets; `inject` waits for the end of a response). */
const baseOf = async (app: NestFastifyApplication) => {
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
};

describe('GET/POST /api/v1/auth/notifications (EventSource)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let apiA: NestFastifyApplication;
  let apiB: NestFastifyApplication;
  let baseA: string;
  let baseB: string;
  let admin: string;
  let streamToken: string;
  let db: pg.Pool;
  let publisher: Redis;
  const clients: StreamClient[] = [];
  /** apiB's log lines (JSON). */
  const logsB: Record<string, unknown>[] = [];
  const logSinkB: DestinationStream = { write: (line: string) => void logsB.push(JSON.parse(line)) };
  const X = fakeChannel(1, 3, 'Channel X');
  const Y = fakeChannel(2, 1, 'Channel Y');

  const open = async (base: string, path: string, token = streamToken, options?: Parameters<typeof StreamClient.open>[3]) => {
    const client = await StreamClient.open(base, path, token, options);
    clients.push(client);
    return client;
  };
  const service = (app: NestFastifyApplication) => app.get(NotificationsService);
  const catalogChannel = () => `${world.redisPrefix}:${CATALOG_EVENTS_CHANNEL.join(':')}`;

  async function refresh(body: unknown): Promise<void> {
    const res = await apiA.inject({ method: 'POST', url: '/api/refresh/', headers: { authorization: `Token ${admin}` }, payload: body as object });
    expect(res.statusCode).toBe(200);
    await waitFor(
      'an empty refresh queue',
      async () => (await apiA.inject({ method: 'GET', url: '/api/refresh/', headers: { authorization: `Token ${admin}` } })).json().total_queued === 0,
      30_000,
    );
  }

  async function getVideo(id: string): Promise<Record<string, unknown>> {
    const res = await apiA.inject({ method: 'GET', url: `/api/v1/videos/${id}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    fake = await FakeUpstream.start([X, Y]);
    world = await TestWorld.create();
    const apiEnv = { ...ADMIN_ENV, ...STREAM_ENV, ROLE: 'api', UPSTREAM_URL: fake.url };
    apiA = await world.startApp(apiEnv);
    apiB = await world.startApp({ ...apiEnv, LOG_LEVEL: 'info' }, logSinkB);
    await world.startApp({ ROLE: 'worker', UPSTREAM_URL: fake.url });
    [baseA, baseB] = [await baseOf(apiA), await baseOf(apiB)];
    admin = await loginToken(apiA);
    streamToken = await mintToken(apiA, admin, [':notifications*']);
    db = world.db();
    publisher = new Redis(TEST_REDIS_URL);
    await refresh({ channel: [X.id, Y.id] });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    publisher.disconnect();
    await world.close();
    await fake.close();
  });

  describe('before the stream opens', () => {
    it('refuses 1001 topics with a JSON 400 (form body), and opens for 1000', async () => {
      const topics = (n: number) => Array.from({ length: n }, (_, i) => `UC${String(i).padStart(22, '0')}`).join(',');
      const tooMany = await open(baseA, '/api/v1/auth/notifications', streamToken, { method: 'POST', form: `topics=${topics(1001)}` });
      expect(tooMany.status).toBe(400);
      expect(tooMany.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(await tooMany.text())).toEqual({ error: 'Too many topics: 1001 (at most 1000)' });

      const thousand = await open(baseA, '/api/v1/auth/notifications', streamToken, { method: 'POST', form: `topics=${encodeURIComponent(topics(1000))}` });
      expect(thousand.status).toBe(200);
      await waitFor('a keep-alive', () => thousand.keepAlives.length > 0);
      thousand.close();
    });

    it.each([
      ['topics=nope', 'Invalid topics: "nope"; each topic is a channel id (UC + 22 characters of A-Z a-z 0-9 _ -) or debug'],
      ['since=yesterday', 'Invalid since "yesterday": expected Unix seconds, an integer of at least 0'],
      ['since=-5', 'Invalid since "-5": expected Unix seconds, an integer of at least 0'],
      ['fields=', 'Invalid fields parameter: empty value; name at least one key, e.g. fields=videoId,title'],
      ['fields=videoId,videoThumbnails(url', 'Invalid fields parameter: unbalanced brackets: "(" at character 24 is never closed'],
    ])('answers ?%s with 400 JSON', async (query, error) => {
      const client = await open(baseA, `/api/v1/auth/notifications?topics=${X.id}&${query}`);
      expect(client.status).toBe(400);
      expect(JSON.parse(await client.text())).toEqual({ error });
    });

    it('requires a credential and the notifications scope (403)', async () => {
      const feedOnly = await mintToken(apiA, admin, [':feed']);
      const getOnly = await mintToken(apiA, admin, ['GET:notifications']);
      const cases: [string, 'GET' | 'POST', string][] = [
        [feedOnly, 'GET', 'Invalid scope'],
        [getOnly, 'POST', 'Invalid scope'],
      ];
      for (const [token, method, error] of cases) {
        const client = await open(baseA, `/api/v1/auth/notifications?topics=${X.id}`, token, { method, ...(method === 'POST' ? { form: '' } : {}) });
        expect([client.status, JSON.parse(await client.text())]).toEqual([403, { error }]);
      }
      const anonymous = await apiA.inject({ method: 'GET', url: `/api/v1/auth/notifications?topics=${X.id}` });
      expect([anonymous.statusCode, anonymous.json()]).toEqual([403, { error: 'Request must be authenticated' }]);
      // Scope is checked before input.
      const both = await open(baseA, '/api/v1/auth/notifications?since=bad', feedOnly);
      expect(both.status).toBe(403);
    });
  });

  describe('the stream', () => {
    it('flushes the headers and a keep-alive at once, then keeps alive on the interval', async () => {
      const openedAt = Date.now();
      const client = await open(baseA, `/api/v1/auth/notifications?topics=${X.id}`);
      expect(client.status).toBe(200);
      expect(client.headers).toMatchObject({
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        'access-control-allow-origin': '*',
      });
      expect(client.headers['content-encoding']).toBeUndefined();
      const [first] = await waitFor('the first keep-alive', () => client.keepAlives.length > 0 && client.keepAlives);
      expect(first.at - openedAt).toBeLessThan(300);
      expect(Math.abs(first.unix - Date.now() / 1000)).toBeLessThan(2);
      expect(client.frames[0].kind).toBe('keepalive');

      const keepAlives = await waitFor('three keep-alives', () => client.keepAlives.length >= 3 && client.keepAlives);
      for (const [previous, next] of [keepAlives.slice(0, 2), keepAlives.slice(1, 3)]) {
        expect(next.at - previous.at).toBeGreaterThan(KEEPALIVE_SECONDS * 1000 - 100);
        expect(next.at - previous.at).toBeLessThan(KEEPALIVE_SECONDS * 1000 + 250);
      }
      expect(client.events).toEqual([]);
    });

    it('answers HEAD with the headers only; POST takes the topics from a form body', async () => {
      const head = await open(baseA, `/api/v1/auth/notifications?topics=${X.id}`, streamToken, { method: 'HEAD' });
      expect([head.status, head.headers['content-type']]).toEqual([200, 'text/event-stream']);
      await waitFor('the HEAD response to end', () => head.ended);

      const post = await open(baseB, '/api/v1/auth/notifications?fields=videoId', streamToken, { method: 'POST', form: `topics=${Y.id}` });
      expect(post.status).toBe(200);
      await waitFor('a keep-alive', () => post.keepAlives.length > 0);
      await publisher.publish(catalogChannel(), serializeCatalogEvent({ type: 'video.updated', videoId: Y.videos[0].id, channelId: Y.id, at: Date.now() }));
      const [event] = await waitFor('the event', () => post.events.length > 0 && post.events);
      expect(event).toMatchObject({ id: 0, data: { videoId: Y.videos[0].id } });
      expect(Object.keys(event.data)).toEqual(['videoId']);
    });

    it('delivers an upload processed by the worker to clients of both API instances, once each', async () => {
      const onA = await open(baseA, `/api/v1/auth/notifications?topics=${X.id}`);
      const onB = await open(baseB, `/api/v1/auth/notifications?topics=${Y.id},${X.id}`);
      const fieldsOnB = await open(baseB, `/api/v1/auth/notifications?topics=${X.id}&fields=videoId,title`);
      const otherChannel = await open(baseA, `/api/v1/auth/notifications?topics=${Y.id}`);
      const everyone = [onA, onB, fieldsOnB, otherChannel];
      await waitFor('every first keep-alive', () => everyone.every((c) => c.keepAlives.length > 0));

      // A subscription-style channel refresh: the upload is found on the channel's page.
      const upload = fake.addUpload(X.id, 'Brand new upload');
      await refresh({ channel: [X.id] });
      await waitFor('the event on every X client', () => [onA, onB, fieldsOnB].every((c) => c.eventsOf(upload.id).length > 0));
      await sleep(500);
      for (const client of [onA, onB, fieldsOnB]) expect(client.eventsOf(upload.id)).toHaveLength(1);
      expect(otherChannel.events).toEqual([]);
      expect(onA.events[0]).toMatchObject({
        id: 0,
        data: { type: 'video', videoId: upload.id, title: 'Brand new upload', authorId: X.id, author: 'Channel X' },
      });
      expect(Object.keys(onA.events[0].data)).toEqual(Object.keys(await getVideo(upload.id)));
      // fields keeps the video object's own key order.
      expect(fieldsOnB.events[0].data).toEqual({ title: 'Brand new upload', videoId: upload.id });
      expect(JSON.stringify(fieldsOnB.events[0].data)).toBe(`{"title":"Brand new upload","videoId":"${upload.id}"}`);

      // A single-video refresh: the payload is exactly the /api/v1/videos/:id object.
      const second = fake.addUpload(X.id, 'Second upload');
      await refresh({ video: [second.id] });
      await waitFor('the second event', () => onA.eventsOf(second.id).length > 0 && onB.eventsOf(second.id).length > 0);
      await sleep(300);
      const expected = await getVideo(second.id);
      for (const client of [onA, onB]) {
        expect(client.eventsOf(second.id)).toHaveLength(1);
        expect(client.eventsOf(second.id)[0].data).toEqual(sameVideo(expected));
      }
      expect(onA.events.map((e) => e.id)).toEqual([0, 1]);
      expect(fieldsOnB.eventsOf(second.id)[0].data).toEqual({ title: 'Second upload', videoId: second.id });
    });

    it('replays the 15 newest videos per channel after since, oldest first, before live events', async () => {
      const Z = 'UCreplay00000000000000zz';
      const W = 'UCreplay00000000000000ww';
      const since = 1_800_000_000;
      await db.query(`INSERT INTO channels (id, name) VALUES ($1, 'Channel Z'), ($2, 'Channel W')`, [Z, W]);
      const insert = (id: string, channel: string, published: number) =>
        db.query(`INSERT INTO videos (id, channel_id, channel_name, title, published) VALUES ($1, $2, 'n', $3, to_timestamp($4))`, [
          id,
          channel,
          `Title ${id}`,
          published,
        ]);
      // 20 of Z after since (an hour apart), 2 not after it; 3 of W interleaved, the last at the same second as z…20.
      for (let i = 1; i <= 20; i++) await insert(`z${String(i).padStart(10, '0')}`, Z, since + i * 3600);
      await insert('zold0000001', Z, since - 10);
      await insert('zold0000002', Z, since);
      for (const [i, offset] of [
        [1, 5.5],
        [2, 12.5],
        [3, 20],
      ] as const)
        await insert(`w${String(i).padStart(10, '0')}`, W, since + offset * 3600);

      const client = await open(baseA, `/api/v1/auth/notifications?topics=${Z},${W}&since=${since}&fields=videoId,published`);
      const expected = [
        ...Array.from({ length: 15 }, (_, i) => ({ videoId: `z${String(i + 6).padStart(10, '0')}`, published: since + (i + 6) * 3600 })),
        ...[
          [1, 5.5],
          [2, 12.5],
          [3, 20],
        ].map(([i, offset]) => ({ videoId: `w${String(i).padStart(10, '0')}`, published: since + offset * 3600 })),
      ].sort((a, b) => a.published - b.published || (a.videoId < b.videoId ? -1 : 1));
      await waitFor('the replay', () => client.events.length >= expected.length);
      expect(client.events.map((e) => e.data)).toEqual(expected);
      expect(client.events.map((e) => e.id)).toEqual(expected.map((_, i) => i));
      expect(client.frames[0].kind).toBe('keepalive');

      // Then live events, numbered on.
      await insert('zlive000001', Z, since + 30 * 3600);
      await publisher.publish(catalogChannel(), serializeCatalogEvent({ type: 'video.created', videoId: 'zlive000001', channelId: Z, at: Date.now() }));
      await waitFor('the live event', () => client.events.length > expected.length);
      expect(client.events.slice(expected.length).map((e) => [e.id, e.data.videoId])).toEqual([[18, 'zlive000001']]);
    });

    it('sends pseudo-random catalog videos on the debug topic', async () => {
      const client = await open(baseB, '/api/v1/auth/notifications?topics=debug');
      const started = Date.now();
      const events = await waitFor('two debug videos', () => client.events.length >= 2 && client.events);
      expect(Date.now() - started).toBeLessThan(DEBUG_SECONDS * 1000 * 2 + 1000);
      const known = new Set((await db.query('SELECT id FROM videos')).rows.map((r) => r.id as string));
      for (const event of events) {
        expect(known.has(event.data.videoId as string)).toBe(true);
        expect(event.data).toEqual(sameVideo(await getVideo(event.data.videoId as string)));
      }
      expect(events.map((e) => e.id)).toEqual([0, 1]);
    });

    it('closes the stream of an unregistered token by the next keep-alive, on another instance', async () => {
      const doomed = await mintToken(apiA, admin, [':notifications*', 'POST:tokens/unregister']);
      const revoked = await open(baseB, `/api/v1/auth/notifications?topics=${X.id}`, doomed);
      const kept = await open(baseB, `/api/v1/auth/notifications?topics=${X.id}`);
      await waitFor('both streams', () => revoked.keepAlives.length > 0 && kept.keepAlives.length > 0);
      const res = await apiA.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: { authorization: `Bearer ${doomed}` } });
      expect(res.statusCode).toBe(204);
      const unregisteredAt = Date.now();
      await waitFor('the revoked stream to end', () => revoked.ended, KEEPALIVE_SECONDS * 1000 + 1000);
      expect(Date.now() - unregisteredAt).toBeLessThanOrEqual(KEEPALIVE_SECONDS * 1000 + 300);
      await sleep(KEEPALIVE_SECONDS * 1000 * 2);
      expect(kept.ended).toBe(false);
      const again = await open(baseB, `/api/v1/auth/notifications?topics=${X.id}`, doomed);
      expect(again.status).toBe(403);
      // Hijacked replies skip the request log: the stream logs one line when it ends.
      expect(logsB).toContainEqual(
        expect.objectContaining({
          msg: 'notification stream ended: credential revoked',
          method: 'GET',
          path: '/api/v1/auth/notifications',
          topics: 1,
          events: 0,
        }),
      );
    });

    it('drops a client that stops reading instead of buffering for it', async () => {
      const big = 'big00000001';
      await db.query(`INSERT INTO videos (id, channel_id, channel_name, title, description, published) VALUES ($1, $2, 'n', 'Big', $3, now())`, [
        big,
        X.id,
        'x'.repeat(500_000),
      ]);
      const before = service(apiA).openStreams;
      // A raw socket that sends the request and then never reads.
      const socket = connect(Number(new URL(baseA).port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`GET /api/v1/auth/notifications?topics=${X.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${streamToken}\r\n\r\n`);
      await waitFor('the stream to open', () => service(apiA).openStreams === before + 1);
      socket.pause();
      let closedByServer = false;
      socket.once('close', () => (closedByServer = true));
      // Each event is about 1 MB; the kernel's socket buffers take a few MB before anything waits in the process.
      let published = 0;
      for (; published < 60 && service(apiA).openStreams > before; published++) {
        await publisher.publish(catalogChannel(), serializeCatalogEvent({ type: 'video.updated', videoId: big, channelId: X.id, at: Date.now() }));
        await sleep(50);
      }
      await waitFor('the slow client to be dropped', () => service(apiA).openStreams === before);
      expect(published).toBeLessThan(60);
      socket.resume();
      await waitFor('the socket to close', () => closedByServer);
    });
  });

  it('holds 1000 streams, fans one event out to all, and returns to its starting heap once the clients leave', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await sleep(100);
      }
      return process.memoryUsage().heapUsed;
    };
    const hub = service(apiA);

    /** Opens `count` streams (each on its own channel and on X), sends one X event to all, closes them. */
    async function round(count: number) {
      const streams: StreamClient[] = [];
      for (let start = 0; start < count; start += 100) {
        const batch = Array.from({ length: Math.min(100, count - start) }, (_, i) => `UCidle${String(start + i).padStart(18, '0')}`);
        streams.push(...(await Promise.all(batch.map((topic) => StreamClient.open(baseA, `/api/v1/auth/notifications?topics=${topic},${X.id}`, streamToken)))));
      }
      await waitFor(`${count} open streams`, () => hub.openStreams === count, 30_000);
      expect(hub.routedChannels).toBe(count + 1);
      await waitFor('every first keep-alive', () => streams.every((c) => c.keepAlives.length > 0), 30_000);
      const heapOpen = process.memoryUsage().heapUsed;
      const publishedAt = Date.now();
      await publisher.publish(catalogChannel(), serializeCatalogEvent({ type: 'video.updated', videoId: X.videos[0].id, channelId: X.id, at: publishedAt }));
      await waitFor(`the event on all ${count} streams`, () => streams.every((c) => c.events.length === 1), 30_000);
      const fanOutMs = Date.now() - publishedAt;
      for (const client of streams) client.close();
      await waitFor('every stream to be released', () => hub.openStreams === 0, 30_000);
      expect(hub.routedChannels).toBe(0);
      return { heapOpen, fanOutMs };
    }

    await waitFor("earlier tests' streams to be gone", () => hub.openStreams === 0);
    // A small round first, so the baseline already holds the one-time costs (compiled code, caches) of the paths measured.
    await round(50);
    const heapAtStart = await settle();
    const { heapOpen, fanOutMs } = await round(1000);
    const heapAtEnd = await settle();
    // For the record: server and clients share this process's heap, so "open" includes the client side.
    console.log(
      `1000 streams: heap ${(heapAtStart / 2 ** 20).toFixed(1)} MiB at start, ${(heapOpen / 2 ** 20).toFixed(1)} MiB open, ` +
        `${(heapAtEnd / 2 ** 20).toFixed(1)} MiB after; one event reached all of them in ${fanOutMs} ms`,
    );
    expect(heapAtEnd).toBeLessThan(heapAtStart * 1.2);
  });

  it('ends open streams on SIGTERM, so the process exits promptly', async () => {
    const port = await freePort();
    const server = new ServiceProcess({
      ...STREAM_ENV,
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: world.redisPrefix,
      ROLE: 'api',
      PORT: String(port),
    });
    await server.waitFor(/listening:/);
    const client = await open(`http://127.0.0.1:${port}`, `/api/v1/auth/notifications?topics=${X.id}`);
    await waitFor('a keep-alive', () => client.keepAlives.length > 0);
    const stopped = await server.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(3000);
    await waitFor('the stream to end', () => client.ended, 1000);
  });
});
