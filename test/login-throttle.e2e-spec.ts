import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { TEST_REDIS_URL } from './support/env.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The failed-login limit (10 a minute per address and per username) holds against a burst of
 * simultaneous attempts over real connections: each attempt is counted before its password is
 * verified, so at most 10 verifications run, whichever way the requests interleave.
 */
describe('login throttle under concurrency', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', REGISTRATION_ENABLED: 'true' });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => world.close());

  const failures = async () => Number((await world.db().query("SELECT count(*) FROM audit_events WHERE type = 'login.failure'")).rows[0].count);

  it('200 simultaneous wrong-password logins for one user from one address: 10 verified, 190 refused with 429', async () => {
    const before = await failures();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/api/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: ADMIN.username, password: `wrong ${i}` }),
        }),
      ),
    );
    const statuses = responses.map((res) => res.status);
    await Promise.all(responses.map((res) => res.arrayBuffer()));
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(190);
    // Each verified wrong password leaves one audit entry: exactly the limit's number of verifications.
    expect((await failures()) - before).toBe(10);
  });

  it('the browser form shares the limit: 100 simultaneous attempts for one name from many addresses → 10 verified', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/login',
          headers: FORM,
          payload: new URLSearchParams({ email: 'someone', password: `guess ${i}` }).toString(),
          remoteAddress: `10.9.${i >> 8}.${i & 255}`,
        }),
      ),
    );
    const statuses = responses.map((res) => res.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(90);
  });

  it('a success gives its attempt back: a client that logs in often is never locked out', async () => {
    const form = (fields: Record<string, string>) => ({
      method: 'POST' as const,
      url: '/login',
      headers: FORM,
      payload: new URLSearchParams(fields).toString(),
      remoteAddress: '10.8.0.1',
    });
    expect((await app.inject(form({ action: 'register', username: 'frequent', password: 'frequent flyer' }))).statusCode).toBe(302);
    for (let i = 0; i < 15; i++) {
      expect((await app.inject(form({ email: 'frequent', password: 'frequent flyer' }))).statusCode).toBe(302);
    }
  });

  it('keys hold a fixed-length digest, never the username: a 900 KB name adds bytes, not megabytes', async () => {
    const name = 'n'.repeat(900 * 1024);
    const res = await app.inject({ method: 'POST', url: '/api/login/', payload: { username: name, password: 'whatever' }, remoteAddress: '10.7.0.1' });
    expect(res.statusCode).toBe(400);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${world.redisPrefix}:login-failures:*`, 'COUNT', 1000);
        keys.push(...found);
        cursor = next;
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key.length).toBeLessThan(120);
        expect(key).not.toContain('nnnnnnnn');
      }
    } finally {
      redis.disconnect();
    }
  });
});
