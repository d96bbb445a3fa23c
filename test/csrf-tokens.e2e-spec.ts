import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { TEST_REDIS_URL } from './support/env.js';
import { postForms } from './support/html-forms.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

/**
 * CSRF tokens are signed, not stored: showing forms writes nothing to Redis, and only a token that
 * is presented leaves a marker, which expires with the token. Single use, the session binding and
 * the 6-hour life hold as before.
 */
describe('stateless CSRF tokens', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let redis: Redis;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    db = world.db();
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await world.close();
  });

  /** The app's keys, without the job queues' own bookkeeping (their stall check sets and drops a key every few seconds). */
  async function redisKeys(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${world.redisPrefix}:*`, 'COUNT', 1000);
      keys.push(...found.filter((key) => !key.startsWith(`${world.redisPrefix}:bull:`)));
      cursor = next;
    } while (cursor !== '0');
    return keys.sort();
  }

  const consentPage = (sid: string) => app.inject({ method: 'GET', url: '/authorize_token?scopes=GET%3Afeed', headers: { cookie: sid } });
  const tokenOf = (html: string, action: string) => {
    const form = postForms(html).find((candidate) => candidate.action === action);
    if (!form) throw new Error(`no form posting to ${action}`);
    return form.fields.csrf_token;
  };
  const authorize = (sid: string, csrfToken: string) =>
    app.inject({
      method: 'POST',
      url: '/authorize_token',
      headers: { ...FORM, cookie: sid },
      payload: new URLSearchParams({ 'scopes[0]': 'GET:feed', csrf_token: csrfToken }).toString(),
    });
  const tokenSessions = async () => Number((await db.query(`SELECT count(*) FROM sessions WHERE kind = 'token'`)).rows[0].count);

  it('showing forms stores nothing: 300 page views add no Redis key', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    // One view first, so whatever a session's first request caches is already there.
    for (const url of ['/authorize_token?scopes=GET%3Afeed', '/login', '/account']) {
      expect((await app.inject({ method: 'GET', url, headers: { cookie: sid } })).statusCode).toBe(200);
    }
    const before = await redisKeys();
    for (let i = 0; i < 100; i++) {
      const pages = await Promise.all(
        ['/authorize_token?scopes=GET%3Afeed', '/login', '/account'].map((url) => app.inject({ method: 'GET', url, headers: { cookie: sid } })),
      );
      expect(pages.map((res) => res.statusCode)).toEqual([200, 200, 200]);
    }
    expect(await redisKeys()).toEqual(before);
  });

  it('a consumed token leaves one marker that expires with the token, and its replay is refused', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const csrfToken = tokenOf((await consentPage(sid)).body, '/authorize_token');
    const before = new Set(await redisKeys());
    const minted = await tokenSessions();

    expect((await authorize(sid, csrfToken)).statusCode).toBe(200);
    const added = (await redisKeys()).filter((key) => !before.has(key));
    expect(added).toHaveLength(1);
    const ttl = await redis.pttl(added[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(SIX_HOURS_MS);

    const replay = await authorize(sid, csrfToken);
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('This authorization form has expired or was already used.');
    expect(await tokenSessions()).toBe(minted + 1);
  });

  it('20 simultaneous posts of one token: exactly one is accepted', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const csrfToken = tokenOf((await consentPage(sid)).body, '/authorize_token');
    const minted = await tokenSessions();
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => authorize(sid, csrfToken)))).map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 403)).toHaveLength(19);
    expect(await tokenSessions()).toBe(minted + 1);
  });

  it("refuses another session's token, and that token is used up for its own session too", async () => {
    const mine = await browserLogin(app, ADMIN.username, ADMIN.password);
    const theirs = await browserLogin(app, ADMIN.username, ADMIN.password);
    const theirToken = tokenOf((await consentPage(theirs)).body, '/authorize_token');
    expect((await authorize(mine, theirToken)).statusCode).toBe(403);
    expect((await authorize(theirs, theirToken)).statusCode).toBe(403);
  });

  it('refuses a tampered token, which leaves the genuine one usable and stores nothing', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const csrfToken = tokenOf((await consentPage(sid)).body, '/authorize_token');
    const before = await redisKeys();
    for (const position of [0, 5, 20, 42]) {
      const flipped = csrfToken[position] === 'A' ? 'B' : 'A';
      const tampered = csrfToken.slice(0, position) + flipped + csrfToken.slice(position + 1);
      const res = await authorize(sid, tampered);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('This authorization form has expired or was already used.');
    }
    for (const malformed of ['', 'short', `${csrfToken}A`, csrfToken.replace(/.$/, '=')]) expect((await authorize(sid, malformed)).statusCode).toBe(403);
    expect(await redisKeys()).toEqual(before);
    expect((await authorize(sid, csrfToken)).statusCode).toBe(200);
  });

  it('refuses a token of another form on the same session', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const signoutToken = tokenOf((await app.inject({ method: 'GET', url: '/login', headers: { cookie: sid } })).body, '/signout');
    expect((await authorize(sid, signoutToken)).statusCode).toBe(403);
    const consentToken = tokenOf((await consentPage(sid)).body, '/authorize_token');
    const signout = await app.inject({ method: 'POST', url: '/signout', headers: { ...FORM, cookie: sid }, payload: `csrf_token=${consentToken}` });
    expect(signout.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: sid } })).statusCode).toBe(200);
  });

  it('a token lives 6 hours: one shown 6 h + 1 s ago is refused, one shown 5 h 59 min ago is accepted', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const realNow = Date.now;
    const shownAgo = async (ms: number) => {
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() - ms);
      try {
        return tokenOf((await consentPage(sid)).body, '/authorize_token');
      } finally {
        clock.mockRestore();
      }
    };
    const expired = await shownAgo(SIX_HOURS_MS + 1000);
    const fresh = await shownAgo(SIX_HOURS_MS - 60_000);
    const before = await redisKeys();
    const refused = await authorize(sid, expired);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This authorization form has expired or was already used.');
    expect(await redisKeys()).toEqual(before);
    expect((await authorize(sid, fresh)).statusCode).toBe(200);
  });
});
