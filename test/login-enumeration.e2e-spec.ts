import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Logins must not tell whether a username exists: not by status, not by message, not by time (an
 * unknown username is verified against a dummy argon2id hash). The throttle is per address and per
 * username, so every attempt here comes from its own address.
 */
describe('logins do not reveal which usernames exist', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let address = 0;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
  });
  afterAll(() => world.close());

  const taLogin = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/login/', payload: { username, password }, remoteAddress: `10.77.0.${++address}` });
  const browserLogin = (email: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/login',
      headers: FORM,
      payload: new URLSearchParams({ email, password }).toString(),
      remoteAddress: `10.77.1.${++address}`,
    });

  it('stores passwords as argon2id', async () => {
    const { rows } = await world.db().query('SELECT password_hash FROM users WHERE username = $1', [ADMIN.username]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
  });

  it('answers an unknown username exactly as a wrong password, in both dialects', async () => {
    const [known, unknown] = [await taLogin(ADMIN.username, 'not the password'), await taLogin('nobody-here', 'not the password')];
    expect([known.statusCode, unknown.statusCode]).toEqual([400, 400]);
    expect(unknown.body).toBe(known.body);
    const [page, otherPage] = [await browserLogin(ADMIN.username, 'not the password'), await browserLogin('nobody-here', 'not the password')];
    expect(otherPage.statusCode).toBe(page.statusCode);
    // The form is shown again with what was typed; nothing else may differ.
    const normalise = (html: string, name: string) => html.replaceAll(name, '<name>').replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value="<token>"');
    expect(normalise(otherPage.body, 'nobody-here')).toBe(normalise(page.body, ADMIN.username));
  });

  it('takes about as long for an unknown username as for a wrong password', async () => {
    const timings = { known: [] as number[], unknown: [] as number[] };
    // Six: with the two above, the admin's name stays under the throttle's 10 failures a minute.
    for (let i = 0; i < 6; i++) {
      for (const [kind, username] of [
        ['known', ADMIN.username],
        ['unknown', `ghost${i}`],
      ] as const) {
        const started = performance.now();
        const res = await taLogin(username, `wrong ${i}`);
        timings[kind].push(performance.now() - started);
        expect(res.statusCode).toBe(400);
      }
    }
    const ratio = median(timings.unknown) / median(timings.known);
    // Both verify an argon2id hash (tens of milliseconds); without the dummy hash an unknown name answers in about 1 ms.
    expect(median(timings.known)).toBeGreaterThan(5);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
