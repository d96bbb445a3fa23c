import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const HOST = 'tube.example';

/**
 * Login CSRF: another site must not be able to post the login (or registration) form and so sign a
 * visitor into an account of the attacker's choosing. The guard's rule for cross-site cookie writes
 * applies; native clients, which send neither Origin nor Sec-Fetch-Site, keep working.
 */
describe('POST /login refuses cross-site posts', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, REGISTRATION_ENABLED: 'true' });
    db = world.db();
  });
  afterAll(() => world.close());

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);
  const state = async () => ({
    sessions: await count(`SELECT count(*) FROM sessions WHERE kind = 'browser'`),
    users: await count('SELECT count(*) FROM users'),
    audit: await count('SELECT count(*) FROM audit_events'),
  });

  const post = (fields: Record<string, string>, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/login', headers: { ...FORM, host: HOST, ...headers }, payload: new URLSearchParams(fields).toString() });

  const crossSite: [string, Record<string, string>][] = [
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['an Origin differing only in scheme', { origin: `https://${HOST}` }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling host)', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site with our own Origin', { 'sec-fetch-site': 'cross-site', origin: `http://${HOST}` }],
    ['Origin: null without Sec-Fetch-Site', { origin: 'null' }],
  ];

  it.each(crossSite)('a login with %s: 403 page, no session, no audit entry, no cookie', async (_, headers) => {
    const before = await state();
    const res = await post({ email: ADMIN.username, password: ADMIN.password }, headers);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Cross-site logins are refused');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await state()).toEqual(before);
  });

  it.each(crossSite)('a registration with %s: 403 page, no user, no session, no audit entry, no cookie', async (_, headers) => {
    const before = await state();
    const res = await post({ action: 'register', username: 'planted', password: 'attacker password' }, headers);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Cross-site logins are refused');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await state()).toEqual(before);
    expect((await db.query(`SELECT 1 FROM users WHERE username = 'planted'`)).rowCount).toBe(0);
  });

  it('a wrong password posted cross-site is refused before it is checked: no failure is audited or counted', async () => {
    const before = await state();
    for (let i = 0; i < 12; i++)
      expect((await post({ email: ADMIN.username, password: `wrong ${i}` }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(await state()).toEqual(before);
    // Nothing was counted against the name: the real login still works.
    expect((await post({ email: ADMIN.username, password: ADMIN.password }, {})).statusCode).toBe(302);
  });

  const allowed: [string, Record<string, string>][] = [
    ['no Origin and no Sec-Fetch-Site (curl, Clipious)', {}],
    ['our own Origin', { origin: `http://${HOST}` }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: same-origin with Origin: null (Chromium under Referrer-Policy: no-referrer)', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['Sec-Fetch-Site: none (typed by the user)', { 'sec-fetch-site': 'none' }],
  ];

  it.each(allowed)('a login with %s signs in', async (_, headers) => {
    const before = await state();
    const res = await post({ email: ADMIN.username, password: ADMIN.password }, headers);
    expect(res.statusCode).toBe(302);
    expect(String(res.headers['set-cookie'])).toMatch(/^SID=/);
    expect((await state()).sessions).toBe(before.sessions + 1);
  });

  it('a same-origin registration still registers', async () => {
    const res = await post(
      { action: 'register', username: 'sameorigin', password: 'long enough' },
      { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' },
    );
    expect(res.statusCode).toBe(302);
    expect((await db.query(`SELECT 1 FROM users WHERE username = 'sameorigin'`)).rowCount).toBe(1);
  });

  it('PUBLIC_URL decides the own origin when set', async () => {
    const behindProxy = await world.startApp({ ...ADMIN_ENV, PUBLIC_URL: 'https://videos.example.org' });
    const login = (origin: string) =>
      behindProxy.inject({
        method: 'POST',
        url: '/login',
        headers: { ...FORM, host: 'internal:3000', origin },
        payload: new URLSearchParams({ email: ADMIN.username, password: ADMIN.password }).toString(),
      });
    expect((await login('https://videos.example.org')).statusCode).toBe(302);
    expect((await login('http://internal:3000')).statusCode).toBe(403);
  });
});
