import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN, ADMIN_ENV, bearer, loginToken, mintToken } from './support/auth.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { freePort, ScratchRedis } from './support/redis-server.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

/** Short, so the test waits little; the default is 2000. */
const COMMAND_TIMEOUT_MS = 500;
/**
 * A request that needed Redis must have been answered by then. Generous: it tells "refused once
 * the command timed out" from "hangs until Redis returns"; it measures nothing.
 */
const ANSWER_BOUND_MS = 10_000;

/** The answer, or a failure naming the request if none came within ANSWER_BOUND_MS. */
async function answered<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
  });
  try {
    return await Promise.race([request, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('two instances while Redis is stalled (SIGSTOP) or killed', () => {
  let world: TestWorld;
  let redis: ScratchRedis;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    redis = new ScratchRedis(await freePort());
    await redis.start();
    const env = { ...ADMIN_ENV, REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) };
    a = await world.startApp(env);
    b = await world.startApp(env);
    db = world.db();
  });
  afterAll(async () => {
    redis.signal('SIGCONT');
    await world.close();
    await redis.stop();
  });

  const tokensOf = (app: NestFastifyApplication, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) });
  const unregister = (app: NestFastifyApplication, token: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(token) });
  const sessionRows = async () => Number((await db.query('SELECT count(*) FROM sessions')).rows[0].count);

  /** A token B has cached (its last request was served). */
  async function tokenCachedOnB(): Promise<string> {
    const token = await mintToken(a, await loginToken(a), ['GET:tokens', 'POST:tokens/unregister']);
    expect((await tokensOf(b, token)).statusCode).toBe(200);
    return token;
  }

  /** Both instances hear revocations again (their subscriber answered a ping after Redis returned). */
  async function hearingAgain(): Promise<void> {
    // A revocation succeeds only when Redis takes it; one that succeeds is refused everywhere at once.
    await waitFor(
      'a revocation to succeed again',
      async () => {
        const token = await tokenCachedOnB();
        const res = await unregister(a, token);
        if (res.statusCode !== 204) return false;
        expect((await tokensOf(b, token)).statusCode).toBe(403);
        return true;
      },
      30_000,
      { everyMs: 200 },
    );
  }

  it('stalled: revoke, login and an enqueue answer 503 once the command times out; the revocation changed nothing', async () => {
    const token = await tokenCachedOnB();
    const refreshToken = await loginToken(a);
    const rowsBefore = await sessionRows();
    redis.signal('SIGSTOP');
    try {
      const revoke = await answered('revoke', unregister(a, token));
      expect(revoke.statusCode).toBe(503);
      expect(revoke.json().error).toBe('Redis is unavailable, so the other instances could not be told: nothing was revoked; try again shortly.');
      expect(revoke.headers['retry-after']).toBe('5');

      const login = await answered('login', b.inject({ method: 'POST', url: '/api/login/', payload: ADMIN }));
      expect(login.statusCode).toBe(503);
      expect(login.json().detail).toMatch(/Redis is unavailable/);

      const refresh = await answered(
        'refresh',
        a.inject({
          method: 'POST',
          url: '/api/refresh/',
          headers: { authorization: `Token ${refreshToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ video: ['dQw4w9WgXcQ'] }),
        }),
      );
      expect(refresh.statusCode).toBe(503);
    } finally {
      redis.signal('SIGCONT');
    }
    // Not revoked: the row is still there.
    expect(await sessionRows()).toBe(rowsBefore);
    // Redis then runs the PUBLISH it took before stalling: an instance whose lookup overlaps that
    // message refuses that one request (it cannot tell a rolled-back revocation from a real one).
    // Once both instances hear again, everything queued has been delivered, and both accept the token.
    await hearingAgain();
    expect((await tokensOf(a, token)).statusCode).toBe(200);
    expect((await tokensOf(b, token)).statusCode).toBe(200);
  });

  it('stalled: a catalog video is still answered, without the streams that need the gateway cache in Redis', async () => {
    const band = fakeChannel(71, 1, 'Outage Band');
    const fake = await FakeUpstream.start([band]);
    try {
      const withUpstream = await world.startApp({
        ...ADMIN_ENV,
        REDIS_URL: redis.url,
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        UPSTREAM_URL: fake.url,
      });
      const videoId = band.videos[0].id;
      await db.query("INSERT INTO channels (id, name) VALUES ($1, 'Outage Band')", [band.id]);
      await db.query("INSERT INTO videos (id, channel_id, channel_name, title, published) VALUES ($1, $2, 'Outage Band', 'Kept', now())", [videoId, band.id]);
      redis.signal('SIGSTOP');
      try {
        const res = await answered('video', withUpstream.inject({ method: 'GET', url: `/api/v1/videos/${videoId}` }));
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ videoId, title: 'Kept', formatStreams: [], adaptiveFormats: [] });
      } finally {
        redis.signal('SIGCONT');
      }
      await hearingAgain();
    } finally {
      await fake.close();
    }
  });

  it('an instance that cannot hear revocations reads the database for every credential, and forgets its cache when it hears again', async () => {
    const whileDeaf = await tokenCachedOnB();
    const beforeResume = await tokenCachedOnB();
    redis.signal('SIGSTOP');
    try {
      // Sessions ended without an announcement B could hear (B's pings go unanswered).
      await db.query('DELETE FROM sessions WHERE id = ANY($1)', [await sessionIdsOf([whileDeaf, beforeResume])]);
      // The cache would still answer 200; the database says the session is gone.
      await waitFor('B to stop trusting its cache', async () => (await tokensOf(b, whileDeaf)).statusCode === 403, ANSWER_BOUND_MS, { everyMs: 100 });
    } finally {
      redis.signal('SIGCONT');
    }
    await hearingAgain();
    // Heard again: the cache was cleared, so a session that ended meanwhile is not served from it.
    expect((await tokensOf(b, beforeResume)).statusCode).toBe(403);
  });

  it('killed: revoke answers 503 at once and changes nothing; after a restart revocations reach both instances', async () => {
    const token = await tokenCachedOnB();
    await redis.stop();
    try {
      const revoke = await answered('revoke', unregister(a, token));
      expect(revoke.statusCode).toBe(503);
      expect((await tokensOf(b, token)).statusCode).toBe(200);
    } finally {
      await redis.start();
    }
    await hearingAgain();
    expect((await unregister(a, token)).statusCode).toBe(204);
    expect((await tokensOf(b, token)).statusCode).toBe(403);
  });

  /** Session ids of Invidious tokens (JSON with a `session` field). */
  async function sessionIdsOf(tokens: string[]): Promise<string[]> {
    return tokens.map((token) => (JSON.parse(token) as { session: string }).session);
  }
});
