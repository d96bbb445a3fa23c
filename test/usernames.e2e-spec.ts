import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { UsernameKey1764081400000 } from '../src/platform/database/migrations/1764081400000-username-key.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** Spellings of `admin` that must all be the same account and the same throttle bucket. */
const VARIANTS = ['admin', 'ADMIN', 'admİn', 'ADMİN', 'ａｄｍｉｎ', 'ＡＤＭＩＮ', 'Admin'];

/**
 * Usernames are compared in one normalised form (NFKC, case-folded) everywhere: lookups, the unique
 * index and the login throttle. New names are limited to Latin letters, digits and `_ . @ + -`, and
 * registrations are throttled per address before their password is hashed.
 */
describe('username variants', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let adminId: number;
  let adminToken: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, REGISTRATION_ENABLED: 'true' });
    db = world.db();
    adminId = (await db.query(`SELECT id FROM users WHERE username = $1`, [ADMIN.username])).rows[0].id;
    // Taken before the throttle test fills the admin's bucket.
    adminToken = (await app.inject({ method: 'POST', url: '/api/login/', payload: ADMIN, remoteAddress: '10.4.0.1' })).json().token as string;
  });
  afterAll(() => world.close());

  const browserLogin = (email: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/login', headers: FORM, payload: new URLSearchParams({ email, password }).toString(), remoteAddress });
  const register = (username: string, remoteAddress = '10.1.0.1') =>
    app.inject({
      method: 'POST',
      url: '/login',
      headers: FORM,
      payload: new URLSearchParams({ action: 'register', username, password: 'long enough' }).toString(),
      remoteAddress,
    });

  it.each(VARIANTS)('%s logs into the admin account through both logins', async (variant) => {
    const browser = await browserLogin(variant, ADMIN.password, '10.2.0.1');
    expect(browser.statusCode).toBe(302);
    const sid = String(browser.headers['set-cookie']).split(';')[0];
    const { rows } = await db.query(`SELECT user_id FROM sessions WHERE id = $1`, [sid.slice('SID='.length)]);
    expect(rows).toEqual([{ user_id: adminId }]);
    const ta = await app.inject({ method: 'POST', url: '/api/login/', payload: { username: variant, password: ADMIN.password }, remoteAddress: '10.2.0.2' });
    expect(ta.statusCode).toBe(200);
    expect(ta.json().user_id).toBe(adminId);
  });

  it('every spelling counts in one throttle bucket: 10 failures spread over the variants and addresses, then 429', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await browserLogin(VARIANTS[i % VARIANTS.length], `wrong ${i}`, `10.3.0.${i + 1}`);
      expect(res.statusCode).toBe(401);
    }
    for (const [i, variant] of VARIANTS.entries()) {
      const res = await browserLogin(variant, 'wrong again', `10.3.1.${i + 1}`);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const ta = await app.inject({ method: 'POST', url: '/api/login/', payload: { username: 'ａdmİN', password: 'wrong' }, remoteAddress: '10.3.2.1' });
    expect(ta.statusCode).toBe(429);
  });

  it.each([
    ['Cyrillic а in аdmin', 'аdmin', '"а" (U+0430)'],
    ['Greek ο in rοot', 'rοot', '"ο" (U+03BF)'],
    ['fullwidth ａｄｍｉｎ２', 'ａｄｍｉｎ２', '"ａ" (U+FF41)'],
    ['dotted İ in ADMİN2', 'ADMİN2', '"İ" (U+0130)'],
    ['accented é in josé', 'josé', '"é" (U+00E9)'],
  ])('registration refuses %s with a message naming the character', async (_, username, named) => {
    const before = Number((await db.query('SELECT count(*) FROM users')).rows[0].count);
    const res = await register(username);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('username may only use the Latin letters a-z and A-Z, digits and _ . @ + -');
    expect(res.body).toContain(named.replaceAll('"', '&quot;'));
    expect(Number((await db.query('SELECT count(*) FROM users')).rows[0].count)).toBe(before);
  });

  it('the users API refuses a look-alike with a 400 naming it, and a variant of a taken name with 409', async () => {
    const create = (username: string) =>
      app.inject({ method: 'POST', url: '/api/users/', headers: { authorization: `Bearer ${adminToken}` }, payload: { username, password: 'long enough' } });
    const lookalike = await create('аdmin');
    expect(lookalike.statusCode).toBe(400);
    expect(lookalike.json().detail).toContain('"а" (U+0430) is not one of them');
    expect((await create('ADMIN')).statusCode).toBe(409);
    expect((await create('Admin.Two')).statusCode).toBe(201);
  });

  it('40 simultaneous registrations from one address: 5 hashed and created, 35 refused with 429', async () => {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const before = Number((await db.query(`SELECT count(*) FROM users WHERE username LIKE 'burst%'`)).rows[0].count);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${base}/login`, {
          method: 'POST',
          headers: FORM,
          body: new URLSearchParams({ action: 'register', username: `burst${i}`, password: 'long enough' }).toString(),
          redirect: 'manual',
        }),
      ),
    );
    const statuses = responses.map((res) => res.status);
    const retryAfter = responses.filter((res) => res.status === 429).map((res) => Number(res.headers.get('retry-after')));
    await Promise.all(responses.map((res) => res.arrayBuffer()));
    expect(statuses.filter((status) => status === 302)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    for (const seconds of retryAfter) expect(seconds).toBeGreaterThan(0);
    expect(Number((await db.query(`SELECT count(*) FROM users WHERE username LIKE 'burst%'`)).rows[0].count) - before).toBe(5);
    // Another address is not affected.
    expect((await register('otheraddress', '10.5.0.1')).statusCode).toBe(302);
  });
});

describe('the username_key migration', () => {
  let world: TestWorld;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    db = world.db();
  });
  afterAll(() => world.close());

  /** The migration through one connection, as TypeORM's query runner would run it. */
  async function migrate(direction: 'up' | 'down'): Promise<void> {
    const client = await db.connect();
    try {
      const runner = { query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows };
      await new UsernameKey1764081400000()[direction](runner as unknown as QueryRunner);
    } finally {
      client.release();
    }
  }
  const insert = (username: string) => db.query(`INSERT INTO users (username, password_hash) VALUES ($1, 'x') RETURNING id`, [username]);

  it('fills the key of existing names, which then log in by any spelling, and refuses colliding names naming both', async () => {
    await migrate('down');
    await insert('Ａlice');
    await insert('BOB');
    await insert('İpek');
    await migrate('up');
    const { rows } = await db.query('SELECT username, username_key FROM users ORDER BY id');
    expect(rows).toEqual([
      { username: 'Ａlice', username_key: 'alice' },
      { username: 'BOB', username_key: 'bob' },
      { username: 'İpek', username_key: 'ipek' },
    ]);

    await migrate('down');
    const { rows: added } = await insert('ｂｏｂ');
    await expect(migrate('up')).rejects.toThrow(
      new RegExp(`users \\d+ \\("BOB"\\) and ${added[0].id} \\("ｂｏｂ"\\) would have the same login name "bob"; rename one`),
    );
    // Nothing changed: the old schema is still in place.
    expect((await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'username_key'`)).rowCount).toBe(0);
    await db.query('DELETE FROM users WHERE id = $1', [added[0].id]);
    await migrate('up');
    expect((await db.query('SELECT username_key FROM users ORDER BY id')).rows.map((row) => row.username_key)).toEqual(['alice', 'bob', 'ipek']);
  });
});
