import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_ENV, bearer, loginToken, mintToken } from './support/auth.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const NOT_ADMIN = { detail: 'You do not have permission to perform this action.' };
const ANONYMOUS = { detail: 'Authentication credentials were not provided.' };
const TA_REFUSED = { detail: 'Invalid token.' };
const INVIDIOUS_REFUSED = { error: 'Request must be authenticated' };

describe('POST /api/users/<id>/rotate-ta-token/ across two instances (real Postgres and Redis)', () => {
  let world: TestWorld;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let admin: string;

  const rotate = (app: NestFastifyApplication, id: number | string, token = admin) =>
    app.inject({ method: 'POST', url: `/api/users/${id}/rotate-ta-token/`, headers: bearer(token) });
  // The token on a TubeArchivist route and on an Invidious one.
  const ping = (app: NestFastifyApplication, token: string) => app.inject({ method: 'GET', url: '/api/ping/', headers: bearer(token) });
  const feed = (app: NestFastifyApplication, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/feed', headers: bearer(token) });
  const answer = async (pending: ReturnType<typeof ping>) => {
    const res = await pending;
    return [res.statusCode, res.json()];
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    a = await world.startApp(ADMIN_ENV);
    b = await world.startApp(ADMIN_ENV);
    admin = await loginToken(a);
  });
  afterAll(() => world.close());

  it('refuses the old token on both routes and both instances once it answers; the next login gives a new token that works', async () => {
    const carol = await createUser(a, { username: 'carol' });
    const app = await mintToken(a, carol.jwt, ['GET:feed']);
    // Both instances have the session cached after these requests.
    for (const instance of [a, b]) {
      expect(await answer(ping(instance, carol.jwt))).toEqual([200, { response: 'pong', user: carol.id, version: 'v0.4.13' }]);
      expect((await feed(instance, carol.jwt)).statusCode).toBe(200);
    }
    expect(await loginToken(b, 'carol', carol.password)).toBe(carol.jwt);

    const res = await rotate(a, carol.id);
    expect([res.statusCode, res.json()]).toEqual([200, { user_id: carol.id, revoked: true }]);

    // A revocation answers only once every instance trusting its cache has heard it: no waiting here.
    for (const instance of [a, b]) {
      expect(await answer(ping(instance, carol.jwt))).toEqual([403, TA_REFUSED]);
      expect(await answer(feed(instance, carol.jwt))).toEqual([403, INVIDIOUS_REFUSED]);
    }
    const sessions = await world.db().query(`SELECT kind FROM sessions WHERE user_id = $1 ORDER BY kind`, [carol.id]);
    expect(sessions.rows).toEqual([{ kind: 'token' }]);
    // Only the TubeArchivist token is rotated: the user's other tokens keep working.
    for (const instance of [a, b]) expect((await feed(instance, app)).statusCode).toBe(200);

    const renewed = await loginToken(b, 'carol', carol.password);
    expect(renewed).not.toBe(carol.jwt);
    for (const instance of [a, b]) {
      expect(await answer(ping(instance, renewed))).toEqual([200, { response: 'pong', user: carol.id, version: 'v0.4.13' }]);
      expect((await feed(instance, renewed)).statusCode).toBe(200);
      expect(await answer(ping(instance, carol.jwt))).toEqual([403, TA_REFUSED]);
    }
    expect(await loginToken(a, 'carol', carol.password)).toBe(renewed);

    const audit = await world.db().query(`SELECT details FROM audit_events WHERE type = 'token.revoked' AND details->>'user' = $1`, [`user:${carol.id}`]);
    expect(audit.rows).toEqual([{ details: { kind: 'ta', user: `user:${carol.id}`, rotated: true } }]);
  });

  it('answers revoked: false for a user without a TubeArchivist token, and works with and without the trailing slash', async () => {
    const dave = await createUser(a, { username: 'dave', login: false });
    const res = await rotate(b, dave.id);
    expect([res.statusCode, res.json()]).toEqual([200, { user_id: dave.id, revoked: false }]);
    const token = await loginToken(a, 'dave', dave.password);
    const bare = await b.inject({ method: 'POST', url: `/api/users/${dave.id}/rotate-ta-token`, headers: bearer(admin) });
    expect([bare.statusCode, bare.json()]).toEqual([200, { user_id: dave.id, revoked: true }]);
    expect(await answer(ping(a, token))).toEqual([403, TA_REFUSED]);
  });

  it('an admin may rotate their own token: the answer arrives, then the token is refused', async () => {
    const erin = await createUser(a, { username: 'erin', admin: true });
    const res = await rotate(a, erin.id, erin.jwt);
    expect([res.statusCode, res.json()]).toEqual([200, { user_id: erin.id, revoked: true }]);
    expect(await answer(ping(b, erin.jwt))).toEqual([403, TA_REFUSED]);
  });

  it('is for admins only, and names a bad or unknown id in the dialect shape', async () => {
    const frank = await createUser(a, { username: 'frank' });
    const other = await createUser(a, { username: 'gina' });
    expect(await answer(rotate(a, other.id, frank.jwt))).toEqual([403, NOT_ADMIN]);
    expect(await answer(a.inject({ method: 'POST', url: `/api/users/${other.id}/rotate-ta-token/` }))).toEqual([403, ANONYMOUS]);
    // Nothing was rotated by the refused calls.
    expect((await ping(b, other.jwt)).statusCode).toBe(200);
    expect(await answer(rotate(a, 'abc'))).toEqual([400, { detail: 'A valid integer is required.' }]);
    expect(await answer(rotate(a, 999_999))).toEqual([404, { detail: 'Not found.' }]);
    expect(await answer(rotate(a, '99999999999'))).toEqual([404, { detail: 'Not found.' }]);
  });
});
