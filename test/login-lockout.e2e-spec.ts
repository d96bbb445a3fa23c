import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { createUser } from './support/users.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Failed logins from one address cannot lock the account's owner out: the username's limit counts
 * the addresses that failed, not the failures, and a browser signed in as the user skips it. The
 * failing address itself stays throttled.
 */
describe('login lockout by a stranger', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
  });
  afterAll(() => world.close());

  const browserLogin = (email: string, password: string, remoteAddress: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, ...(cookie ? { cookie } : {}) },
      payload: new URLSearchParams({ email, password }).toString(),
      remoteAddress,
    });
  const taLogin = (username: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/login/', payload: { username, password }, remoteAddress });

  it('an address failing 50 times at once: the owner logs in from another address; the attacker stays at 429', async () => {
    const attacker = '203.0.113.66';
    const attempts = await Promise.all(Array.from({ length: 50 }, (_, i) => browserLogin(ADMIN.username, `guess ${i}`, attacker)));
    const statuses = attempts.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);

    const owner = await browserLogin(ADMIN.username, ADMIN.password, '198.51.100.7');
    expect(owner.statusCode).toBe(302);
    expect(String(owner.headers['set-cookie'])).toMatch(/^SID=/);
    expect((await taLogin(ADMIN.username, ADMIN.password, '198.51.100.8')).statusCode).toBe(200);

    // The attacker's address stays throttled, even with the right password.
    for (const res of [await browserLogin(ADMIN.username, ADMIN.password, attacker), await browserLogin(ADMIN.username, 'another guess', attacker)]) {
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const ta = await taLogin(ADMIN.username, ADMIN.password, attacker);
    expect(ta.statusCode).toBe(429);
    expect(Number(ta.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('many addresses still get few guesses: after 10 failing addresses a new one is refused, but a browser signed in as the user is not', async () => {
    const owner = await createUser(app, { username: 'owner', password: 'owner password', login: false });
    const signedIn = await browserLogin(owner.username, owner.password, '198.51.100.20');
    expect(signedIn.statusCode).toBe(302);
    const sid = String(signedIn.headers['set-cookie']).split(';')[0];

    for (let i = 0; i < 10; i++) expect((await browserLogin('owner', `guess ${i}`, `203.0.113.${i + 1}`)).statusCode).toBe(401);
    const stranger = await browserLogin('owner', 'owner password', '198.51.100.21');
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);

    // The same request from a browser already signed in as `owner` goes through.
    expect((await browserLogin('OWNER', 'owner password', '198.51.100.21', sid)).statusCode).toBe(302);
    // A session of another user does not lift the limit.
    const adminSid = String((await browserLogin(ADMIN.username, ADMIN.password, '198.51.100.22')).headers['set-cookie']).split(';')[0];
    expect((await browserLogin('owner', 'owner password', '198.51.100.23', adminSid)).statusCode).toBe(429);
  });
});
