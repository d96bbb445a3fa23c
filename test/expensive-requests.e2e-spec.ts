import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { SLOT_LEASE_MS } from '../src/platform/limits/expensive-slots.service.js';
import { ADMIN_ENV } from './support/auth.js';
import { TEST_REDIS_URL } from './support/env.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const FEED = '/api/v1/auth/feed';
const LIMIT = 2;

/**
 * docs/security.md#10-no-per-user-bound-on-expensive-work: `@Expensive()` routes run at most
 * EXPENSIVE_REQUESTS_PER_USER at once per user, across instances. Requests are held inside the
 * database by a test transaction that locks `subscriptions` (the feed query reads it), so "in
 * flight" is a state the test controls, not a matter of timing.
 */
describe('per-user concurrency limit on expensive routes', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let second: NestFastifyApplication;
  let db: pg.Pool;
  let redis: Redis;

  beforeAll(async () => {
    world = await TestWorld.create();
    const env = { ...ADMIN_ENV, EXPENSIVE_REQUESTS_PER_USER: String(LIMIT) };
    app = await world.startApp(env);
    second = await world.startApp(env);
    db = world.db();
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await world.close();
  });

  const slotsKey = (caller: string) => `${world.redisPrefix}:expensive:${caller}`;
  /** Feed queries of this database waiting for the test's lock. */
  const waitingQueries = async () =>
    Number(
      (
        await db.query(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%feed_timeline%'",
        )
      ).rows[0].n,
    );

  /** Locks `feed_timeline`, which a feed page reads, until the returned function is called. */
  async function holdFeedQueries(): Promise<() => Promise<void>> {
    const client = await db.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE feed_timeline IN ACCESS EXCLUSIVE MODE');
    let released = false;
    // Called again by the test's `finally`: a client released twice leaves the pool's accounting
    // wrong, and a connection it lost track of is killed by the database drop at teardown.
    return async () => {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      client.release();
    };
  }

  it('runs exactly N of N+k parallel requests of one user, across instances; the rest get 429 with Retry-After; others are unaffected', async () => {
    const alice = await LibraryClient.newUser(app);
    const bob = await LibraryClient.newUser(app);
    const release = await holdFeedQueries();
    try {
      let settled = 0;
      const send = (client: LibraryClient, instance: NestFastifyApplication) =>
        Promise.resolve(instance.inject({ method: 'GET', url: FEED, headers: { authorization: client.authorization } })).finally(() => settled++);
      const aliceRequests: Promise<LightMyRequestResponse>[] = Array.from({ length: LIMIT + 3 }, (_, i) => send(alice, i % 2 ? second : app));

      // Three are refused at once; two are inside the database, waiting for the lock.
      await waitFor('the refused requests', () => settled === 3);
      await waitFor('the admitted feed queries', async () => (await waitingQueries()) === LIMIT);
      expect(settled).toBe(3);

      // Another user is not counted against alice: bob's request is admitted (it waits for the lock too).
      const bobRequest = send(bob, app);
      await waitFor("bob's feed query", async () => (await waitingQueries()) === LIMIT + 1);
      expect(settled).toBe(3);

      // Alice's slots count on every expensive route, in each dialect's error shape.
      const taSearch = await app.inject({ method: 'GET', url: '/api/search/?query=music', headers: { authorization: alice.authorization } });
      expect([taSearch.statusCode, taSearch.headers['retry-after']]).toEqual([429, '1']);
      expect(taSearch.json()).toEqual({ detail: expect.stringMatching(/^Too many expensive requests at once: at most 2 .*EXPENSIVE_REQUESTS_PER_USER.*\.$/) });
      const exported = await second.inject({ method: 'GET', url: '/api/v1/auth/export/invidious', headers: { authorization: alice.authorization } });
      expect(exported.statusCode).toBe(429);

      await release();
      const answers = await Promise.all(aliceRequests);
      const statuses = answers.map((res) => res.statusCode).sort();
      expect(statuses).toEqual([200, 200, 429, 429, 429]);
      for (const res of answers.filter((r) => r.statusCode === 429)) {
        expect(res.headers['retry-after']).toBe('1');
        expect(res.json()).toEqual({
          error: expect.stringMatching(/^Too many expensive requests at once: at most 2 \(feed, search, export, import\) may run per account/),
        });
      }
      expect((await bobRequest).statusCode).toBe(200);
    } finally {
      await release().catch(() => undefined);
    }

    // Every slot is given back when its request ends: the full limit is usable again.
    await waitFor("alice's slots released", async () => (await redis.zcard(slotsKey(`user:${alice.userId}`))) === 0);
    const again = await Promise.all(Array.from({ length: LIMIT }, (_, i) => alice.request('GET', i ? FEED : '/api/search/?query=music')));
    expect(again.map((res) => res.statusCode)).toEqual([200, 200]);
  });

  it('a slot whose request died frees itself after its lease; live slots still count', async () => {
    const carol = await LibraryClient.newUser(app);
    const key = slotsKey(`user:${carol.userId}`);
    const redisNowMs = async () => {
      const [seconds, micros] = await redis.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    };
    // Two slots taken by a process that crashed before releasing them, their lease still running.
    const now = await redisNowMs();
    await redis.zadd(key, now + SLOT_LEASE_MS, 'crashed-1', now + SLOT_LEASE_MS, 'crashed-2');
    const refused = await carol.request('GET', FEED);
    expect([refused.statusCode, refused.headers['retry-after']]).toEqual([429, '1']);
    // Their lease ran out: they no longer count, and are dropped.
    await redis.zadd(key, now - 1, 'crashed-1', now - 1, 'crashed-2');
    expect((await carol.request('GET', FEED)).statusCode).toBe(200);
    expect(await redis.zrange(key, 0, -1)).toEqual([]);
  });

  it('counts public expensive routes per client address', async () => {
    const now = Number((await redis.time())[0]) * 1000;
    const key = slotsKey('ip:127.0.0.1');
    await redis.zadd(key, now + SLOT_LEASE_MS, 'a', now + SLOT_LEASE_MS, 'b');
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/search?q=music' });
      expect([res.statusCode, res.headers['retry-after']]).toEqual([429, '1']);
      expect(res.json().error).toMatch(/^Too many expensive requests at once/);
    } finally {
      await redis.del(key);
    }
    // With the slots free, the request goes on (no upstream here: the documented 501).
    expect((await app.inject({ method: 'GET', url: '/api/v1/search?q=music' })).statusCode).toBe(501);
  });

  it('routes that are not expensive are never limited', async () => {
    const dave = await LibraryClient.newUser(app);
    const now = Number((await redis.time())[0]) * 1000;
    await redis.zadd(slotsKey(`user:${dave.userId}`), now + SLOT_LEASE_MS, 'a', now + SLOT_LEASE_MS, 'b');
    expect((await dave.request('GET', '/api/v1/auth/preferences')).statusCode).toBe(200);
    expect((await dave.request('GET', '/api/v1/auth/history')).statusCode).toBe(200);
    expect((await dave.request('GET', FEED)).statusCode).toBe(429);
  });
});
