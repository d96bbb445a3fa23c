import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { TestWorld } from './support/test-app.js';

const ADMIN = { username: 'admin', password: 'correct horse' };
const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NOT_ADMIN = { detail: 'You do not have permission to perform this action.' };
const ANONYMOUS = { detail: 'Authentication credentials were not provided.' };

describe('operator API /api/users/ (real Postgres and Redis)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let adminToken: string;

  const login = async (username: string, password: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/login/', payload: { username, password } });
    expect(res.statusCode).toBe(200);
    return res.json().token as string;
  };
  const auth = (token: string) => ({ authorization: `Token ${token}` });
  const createUser = (payload: Record<string, unknown>, token = adminToken, url = '/api/users/') =>
    app.inject({ method: 'POST', url, headers: auth(token), payload });
  const deleteUser = (id: number | string, token = adminToken, url = `/api/users/${id}/`) => app.inject({ method: 'DELETE', url, headers: auth(token) });

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    db = world.db();
    adminToken = await login(ADMIN.username, ADMIN.password);
  });
  afterAll(() => world.close());

  it('lists users by id with their public fields only', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/users/', headers: auth(adminToken) });
    expect(res.statusCode).toBe(200);
    const users = res.json();
    expect(users[0]).toEqual({ id: expect.any(Number), username: 'admin', is_admin: true, created_at: expect.stringMatching(ISO_8601) });
    expect(Object.keys(users[0]).sort()).toEqual(['created_at', 'id', 'is_admin', 'username']);
  });

  it('creates a user who can then log in, with a Location header', async () => {
    const res = await createUser({ username: 'carol', password: 'carol password' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(Number), username: 'carol', is_admin: false, created_at: expect.stringMatching(ISO_8601) });
    expect(res.headers.location).toBe(`/api/users/${body.id}/`);
    expect(Math.abs(Date.parse(body.created_at) - Date.now())).toBeLessThan(60_000);

    const token = await login('carol', 'carol password');
    const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: auth(token) });
    expect(ping.json()).toMatchObject({ response: 'pong', user: body.id });

    const list = (await app.inject({ method: 'GET', url: '/api/users/', headers: auth(adminToken) })).json() as { id: number }[];
    expect(list.map((u) => u.id)).toEqual([...list.map((u) => u.id)].sort((a, b) => a - b));
    expect(list).toContainEqual(body);
  });

  it('creates admins, who may then use the operator API', async () => {
    const res = await createUser({ username: 'dora', password: 'dora password', is_admin: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().is_admin).toBe(true);
    const token = await login('dora', 'dora password');
    expect((await app.inject({ method: 'GET', url: '/api/users/', headers: auth(token) })).statusCode).toBe(200);
  });

  it('serves every route with and without the trailing slash', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: auth(adminToken) })).statusCode).toBe(200);
    const created = await createUser({ username: 'noslash', password: 'noslash password' }, adminToken, '/api/users');
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect((await deleteUser(id, adminToken, `/api/users/${id}`)).statusCode).toBe(204);
  });

  it('refuses a username that differs from a taken one only in case with 409', async () => {
    expect((await createUser({ username: 'Bob', password: 'bob password' })).statusCode).toBe(201);
    const res = await createUser({ username: 'bob', password: 'other password' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ detail: 'A user named "bob" already exists (names are compared case-insensitively)' });
  });

  it.each([
    ['a missing password', { username: 'erin' }, 'password'],
    ['a short password', { username: 'erin', password: 'short' }, 'password'],
    ['a password that is not a string', { username: 'erin', password: 12345678 }, 'password'],
    ['a username with a space', { username: 'bad name', password: 'erin password' }, 'username'],
    ['an empty username', { username: '', password: 'erin password' }, 'username'],
    ['a username over 64 characters', { username: 'x'.repeat(65), password: 'erin password' }, 'username'],
    ['is_admin that is not a boolean', { username: 'erin', password: 'erin password', is_admin: 'yes' }, 'is_admin'],
    ['an unknown field', { username: 'erin', password: 'erin password', role: 'admin' }, 'role'],
  ])('refuses %s with 400 naming the field', async (_case, payload, field) => {
    const res = await createUser(payload);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.detail).toEqual(expect.any(String));
    expect(Object.keys(body.errors)).toEqual([field]);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM users WHERE lower(username) = 'erin'");
    expect(rows[0].n).toBe(0);
  });

  it('refuses non-admins with 403 on every route', async () => {
    expect((await createUser({ username: 'frank', password: 'frank password' })).statusCode).toBe(201);
    const token = await login('frank', 'frank password');
    for (const res of [
      await app.inject({ method: 'GET', url: '/api/users/', headers: auth(token) }),
      await createUser({ username: 'mallory', password: 'mallory password', is_admin: true }, token),
      await deleteUser(1, token),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual(NOT_ADMIN);
    }
    expect((await db.query("SELECT 1 FROM users WHERE username = 'mallory'")).rowCount).toBe(0);
  });

  it("keeps an admin's broad Invidious tokens (GET:*, :*) out of every admin route; a scope naming the route, or a login token, still works", async () => {
    const mint = async (scopes: string[]) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: auth(adminToken), payload: { scopes } });
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    const refused = {
      detail:
        'You do not have permission to perform this action. Admin routes take a login token or a browser session, or an Invidious token with a scope naming the route (e.g. GET:users*); GET:* and :* do not reach them.',
    };
    for (const token of [await mint(['GET:*']), await mint([':*']), await mint(['GET:u*', 'GET:a*', 'GET:c*', 'GET:r*'])]) {
      for (const url of ['/api/users/', '/api/audit/', '/api/cookie/', '/api/refresh/']) {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect([token, url, res.statusCode, res.json()]).toEqual([token, url, 403, refused]);
      }
    }
    const everything = await mint([':*']);
    const create = await app.inject({
      method: 'POST',
      url: '/api/users/',
      headers: { authorization: `Bearer ${everything}` },
      payload: { username: 'via-star', password: 'password123' },
    });
    expect([create.statusCode, create.json()]).toEqual([403, refused]);
    expect((await db.query("SELECT 1 FROM users WHERE username = 'via-star'")).rowCount).toBe(0);
    // The same broad token still reaches the ordinary routes it covers.
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Bearer ${everything}` } })).statusCode).toBe(200);

    const named = await mint(['GET:users*']);
    expect((await app.inject({ method: 'GET', url: '/api/users/', headers: { authorization: `Bearer ${named}` } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/audit/', headers: { authorization: `Bearer ${named}` } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/users/', headers: auth(adminToken) })).statusCode).toBe(200);
  });

  it('refuses requests without credentials with 403 on every route', async () => {
    for (const res of [
      await app.inject({ method: 'GET', url: '/api/users/' }),
      await app.inject({ method: 'POST', url: '/api/users/', payload: { username: 'mallory', password: 'mallory password' } }),
      await app.inject({ method: 'DELETE', url: '/api/users/1/' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual(ANONYMOUS);
    }
  });

  it('deletes a user with their sessions: their token stops working at once', async () => {
    const id = (await createUser({ username: 'grace', password: 'grace password' })).json().id as number;
    const token = await login('grace', 'grace password');
    // Served once so the session is in the instance's cache: deletion must evict it, not wait for expiry.
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: auth(token) })).statusCode).toBe(200);

    const res = await deleteUser(id);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: auth(token) });
    expect(ping.statusCode).toBe(403);
    expect(ping.json()).toEqual({ detail: 'Invalid token.' });
    expect((await db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [id])).rows[0].n).toBe(0);
    expect((await db.query('SELECT 1 FROM users WHERE id = $1', [id])).rowCount).toBe(0);

    const again = await deleteUser(id);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ detail: 'Not found.' });
  });

  it('answers 404 for ids no user has and 400 for ids that are not integers', async () => {
    for (const id of ['999999', '0', '99999999999']) {
      const res = await deleteUser(id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: 'Not found.' });
    }
    for (const id of ['abc', '1.5', '1e3']) {
      const res = await deleteUser(id);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ detail: 'A valid integer is required.' });
    }
  });
});

describe('deleting admins: the instance always keeps one', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;

  const login = async (username: string, password: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/login/', payload: { username, password } });
    expect(res.statusCode).toBe(200);
    return res.json().token as string;
  };
  const auth = (token: string) => ({ authorization: `Token ${token}` });

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(() => world.close());

  it('refuses the only admin deleting themself with 409, and allows it once another admin exists', async () => {
    const token = await login(ADMIN.username, ADMIN.password);
    const me = (await app.inject({ method: 'GET', url: '/api/ping/', headers: auth(token) })).json().user as number;

    const refused = await app.inject({ method: 'DELETE', url: `/api/users/${me}/`, headers: auth(token) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ detail: '"admin" is the only admin; create another admin before deleting this one' });

    const other = await app.inject({
      method: 'POST',
      url: '/api/users/',
      headers: auth(token),
      payload: { username: 'heidi', password: 'heidi password', is_admin: true },
    });
    expect(other.statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `/api/users/${me}/`, headers: auth(token) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/users/', headers: auth(token) })).json()).toEqual({ detail: 'Invalid token.' });

    const heidi = await login('heidi', 'heidi password');
    const last = await app.inject({ method: 'DELETE', url: `/api/users/${other.json().id}/`, headers: auth(heidi) });
    expect(last.statusCode).toBe(409);
  });

  it('lets only one of two admins deleting each other at the same time succeed', async () => {
    const token = await login('heidi', 'heidi password');
    const ivan = (
      await app.inject({ method: 'POST', url: '/api/users/', headers: auth(token), payload: { username: 'ivan', password: 'ivan password', is_admin: true } })
    ).json();
    const ivanToken = await login('ivan', 'ivan password');
    const heidiId = (await app.inject({ method: 'GET', url: '/api/ping/', headers: auth(token) })).json().user as number;

    const results = await Promise.all([
      app.inject({ method: 'DELETE', url: `/api/users/${heidiId}/`, headers: auth(ivanToken) }),
      app.inject({ method: 'DELETE', url: `/api/users/${ivan.id}/`, headers: auth(token) }),
    ]);
    // The loser gets 409 (it saw one admin left) or 403 (its caller was already deleted when it was authenticated).
    expect(results.filter((r) => r.statusCode === 204)).toHaveLength(1);
    expect(results.map((r) => r.statusCode)).not.toContain(500);
    const { rows } = await world.db().query('SELECT count(*)::int AS n FROM users WHERE is_admin');
    expect(rows[0].n).toBe(1);
  });
});
