import { createHmac } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import jwt from 'jsonwebtoken';
import { KeysService } from '../src/identity/auth/keys.service.js';
import { SessionMaintenanceProcessor } from '../src/identity/sessions/session-maintenance.js';
import { SessionsService } from '../src/identity/sessions/sessions.service.js';
import { UsersService } from '../src/identity/users/users.service.js';
import { ADMIN, ADMIN_ENV, bearer, loginToken, mintToken } from './support/auth.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';
import { waitFor } from './support/wait-for.js';

const FIXED_SECRET = 'a-fixed-secret-key-for-tests-0123456789';

describe('identity: logins, credentials, scopes and tokens', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let adminToken: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, SECRET_KEY: FIXED_SECRET });
    adminToken = await loginToken(app);
  });
  afterAll(() => world.close());

  describe('POST /api/login/ and GET /api/ping/', () => {
    it('returns the same token on every login, usable with Token and Bearer', async () => {
      const again = await loginToken(app, 'ADMIN', ADMIN.password);
      expect(again).toBe(adminToken);
      const admin = await app.get(UsersService).findByUsername('admin');
      for (const authorization of [`Token ${adminToken}`, `Bearer ${adminToken}`, `token ${adminToken}`, adminToken]) {
        const res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization } });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ response: 'pong', user: admin!.id, version: 'v0.4.13' });
      }
    });

    it('accepts a form body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `username=admin&password=${encodeURIComponent(ADMIN.password)}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().token).toBe(adminToken);
    });

    it.each([
      [{}, { username: ['This field is required.'], password: ['This field is required.'] }],
      [{ username: '', password: 'x' }, { username: ['This field may not be blank.'] }],
      [{ username: 'admin', password: 5 }, { password: ['Not a valid string.'] }],
      [{ username: 'admin', password: 'wrong password' }, { non_field_errors: ['Unable to log in with provided credentials.'] }],
      [{ username: 'nobody', password: 'wrong password' }, { non_field_errors: ['Unable to log in with provided credentials.'] }],
    ])('answers %j with 400 %j', async (payload, body) => {
      const res = await app.inject({ method: 'POST', url: '/api/login/', payload, headers: { 'x-forwarded-for': 'ignored' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual(body);
    });
  });

  describe('credential failures, in each dialect', () => {
    const ta = (detail: string) => ({ detail });
    const iv = (error: string) => ({ error });

    /** The same credential on a TubeArchivist route and two Invidious ones: each answers in its dialect. */
    async function both(headers: Record<string, string>) {
      const tubearchivist = await app.inject({ method: 'GET', url: '/api/ping/', headers });
      const invidious = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers });
      const preferences = await app.inject({ method: 'GET', url: '/api/v1/auth/preferences', headers });
      expect(preferences.statusCode).toBe(invidious.statusCode);
      expect(preferences.json()).toEqual(invidious.json());
      return { tubearchivist, invidious };
    }

    it('no credentials', async () => {
      const { tubearchivist, invidious } = await both({});
      expect([tubearchivist.statusCode, invidious.statusCode]).toEqual([403, 403]);
      expect(tubearchivist.json()).toEqual(ta('Authentication credentials were not provided.'));
      expect(invidious.json()).toEqual(iv('Request must be authenticated'));
    });

    it('garbage token', async () => {
      const { tubearchivist, invidious } = await both({ authorization: 'Token 0123456789abcdef0123456789abcdef01234567' });
      expect(tubearchivist.json()).toEqual(ta('Invalid token.'));
      expect(invidious.json()).toEqual(iv('Invalid token'));
      expect([tubearchivist.statusCode, invidious.statusCode]).toEqual([403, 403]);
    });

    it('DRF header messages', async () => {
      let res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: 'Token' } });
      expect(res.json()).toEqual(ta('Invalid token header. No credentials provided.'));
      res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: 'Token abc def' } });
      expect(res.json()).toEqual(ta('Invalid token header. Token string should not contain spaces.'));
    });

    it('tampered Invidious token: scopes or signature', async () => {
      const token = JSON.parse(await mintToken(app, adminToken, ['GET:tokens', 'GET:ping']));
      const widened = JSON.stringify({ ...token, scopes: [':*'] });
      let r = await both(bearer(widened));
      expect(r.invidious.json()).toEqual(iv('Invalid signature'));
      expect(r.tubearchivist.json()).toEqual(ta('Invalid token.'));
      const sig = token.signature as string;
      const flipped = JSON.stringify({ ...token, signature: (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1) });
      r = await both(bearer(flipped));
      expect(r.invidious.json()).toEqual(iv('Invalid signature'));
    });

    it('a token with an unknown key is invalid, naming it', async () => {
      const token = JSON.parse(await mintToken(app, adminToken, ['GET:tokens']));
      const res = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(JSON.stringify({ ...token, nonce: 'x' })) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual(iv('Invalid token: unexpected key "nonce"'));
    });

    it('expired Invidious token and expired JWT', async () => {
      const keys = app.get(KeysService);
      const session = JSON.parse(await mintToken(app, adminToken, ['GET:tokens'])).session as string;
      const expire = Math.floor(Date.now() / 1000) - 10;
      const canonical = `expire=${expire}\nscopes=GET:tokens\nsession=${session}`;
      const signature = createHmac('sha256', FIXED_SECRET).update(canonical).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
      const expired = JSON.stringify({ session, scopes: ['GET:tokens'], expire, signature });
      let r = await both(bearer(expired));
      expect(r.invidious.json()).toEqual(iv('Token is expired, please try again'));
      expect(r.tubearchivist.json()).toEqual(ta('Invalid token.'));

      const admin = await app.get(UsersService).findByUsername('admin');
      const { sid } = jwt.decode(adminToken) as { sid: string };
      const expiredJwt = jwt.sign({ sub: String(admin!.id), sid, exp: Math.floor(Date.now() / 1000) - 10 }, keys.jwtKey, { algorithm: 'HS256' });
      r = await both(bearer(expiredJwt));
      expect(r.invidious.json()).toEqual(iv('Token is expired, please try again'));
    });

    it('refuses alg:none, other algorithms and foreign keys for JWTs', async () => {
      const { sub, sid } = jwt.decode(adminToken) as { sub: string; sid: string };
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, sid })}.sig`;
      const hs512 = jwt.sign({ sub, sid }, app.get(KeysService).jwtKey, { algorithm: 'HS512' });
      const foreign = jwt.sign({ sub, sid }, 'some other secret that is long enough', { algorithm: 'HS256' });
      for (const token of [none, hs512, foreign]) {
        const r = await both(bearer(token));
        expect(r.tubearchivist.statusCode).toBe(403);
        expect(r.tubearchivist.json()).toEqual(ta('Invalid token.'));
        expect(r.invidious.statusCode).toBe(403);
      }
    });

    it('tampering with any byte of the JWT payload or signature is refused', async () => {
      const [head, payload, sig] = adminToken.split('.');
      const variants = [
        `${head}.${payload.slice(0, -1)}${payload.at(-1) === 'A' ? 'B' : 'A'}.${sig}`,
        `${head}.${payload}.${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`,
      ];
      for (const token of variants) {
        const res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${token}` } });
        expect(res.statusCode).toBe(403);
      }
    });
  });

  describe('scoped Invidious tokens', () => {
    it('work raw and percent-encoded within their scopes, and are refused outside them', async () => {
      const token = await mintToken(app, adminToken, ['GET:tokens', 'GET:ping']);
      for (const value of [token, encodeURIComponent(token)]) {
        const res = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens/', headers: bearer(value) });
        expect(res.statusCode).toBe(200);
      }
      const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${encodeURIComponent(token)}` } });
      expect(ping.statusCode).toBe(200);
      const register = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(token), payload: { scopes: ['GET:tokens'] } });
      expect(register.statusCode).toBe(403);
      expect(register.json()).toEqual({ error: 'Invalid scope' });
    });

    it('GET:preferences reaches GET preferences only (raw and percent-encoded)', async () => {
      const token = await mintToken(app, adminToken, ['GET:preferences']);
      for (const value of [token, encodeURIComponent(token)]) {
        expect((await app.inject({ method: 'GET', url: '/api/v1/auth/preferences', headers: bearer(value) })).statusCode).toBe(200);
      }
      const post = await app.inject({ method: 'POST', url: '/api/v1/auth/preferences', headers: bearer(token), payload: { volume: 5 } });
      expect(post.statusCode).toBe(403);
      expect(post.json()).toEqual({ error: 'Invalid scope' });
      const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${token}` } });
      expect(ping.statusCode).toBe(403);
      expect(ping.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
      const playlists = await app.inject({ method: 'GET', url: '/api/v1/auth/playlists', headers: bearer(token) });
      expect(playlists.statusCode).toBe(403);
      expect(playlists.json()).toEqual({ error: 'Invalid scope' });
      const search = await app.inject({ method: 'GET', url: '/api/search/?query=x', headers: { authorization: `Token ${token}` } });
      expect(search.statusCode).toBe(403);
      expect(search.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
    });

    it(':playlists* reaches the playlists routes and nothing else', async () => {
      const token = await mintToken(app, adminToken, [':playlists*']);
      const list = await app.inject({ method: 'GET', url: '/api/v1/auth/playlists', headers: bearer(token) });
      expect(list.statusCode).toBe(200);
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/playlists',
        headers: bearer(token),
        payload: { title: 'Mix', privacy: 'private' },
      });
      expect(created.statusCode).toBe(201);
      // Past the guard: the playlist route itself answers (400 for a bad video id), not 403.
      const add = await app.inject({
        method: 'POST',
        url: `/api/v1/auth/playlists/${created.json().playlistId}/videos`,
        headers: bearer(token),
        payload: { videoId: 'bad' },
      });
      expect(add.statusCode).toBe(400);
      expect(add.json()).toEqual({ error: 'Invalid videoId' });
      const prefs = await app.inject({ method: 'GET', url: '/api/v1/auth/preferences', headers: bearer(token) });
      expect(prefs.statusCode).toBe(403);
    });

    it('revoked tokens fail on both dialects', async () => {
      const token = await mintToken(app, adminToken, ['GET:preferences', 'GET:ping', 'GET:tokens', 'POST:tokens/unregister']);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(token) })).statusCode).toBe(204);
      const tubearchivist = await app.inject({ method: 'GET', url: '/api/ping/', headers: bearer(token) });
      expect(tubearchivist.statusCode).toBe(403);
      expect(tubearchivist.json()).toEqual({ detail: 'Invalid token.' });
      const invidious = await app.inject({ method: 'GET', url: '/api/v1/auth/preferences', headers: bearer(token) });
      expect(invidious.statusCode).toBe(403);
      expect(invidious.json()).toEqual({ error: 'Request must be authenticated' });
    });

    it('signs exactly as Invidious does (independent recomputation with the fixed key)', async () => {
      const token = JSON.parse(await mintToken(app, adminToken, ['POST:playlists*', ':subscriptions*', 'GET:feed'], 3600));
      expect(Object.keys(token)).toEqual(['session', 'scopes', 'expire', 'signature']);
      const canonical = [`expire=${token.expire}`, `scopes=:subscriptions*,GET:feed,POST:playlists*`, `session=${token.session}`].join('\n');
      const expected = createHmac('sha256', Buffer.from(FIXED_SECRET)).update(canonical).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
      expect(token.signature).toBe(expected);
      expect(token.session).toMatch(/^v1:[A-Za-z0-9_-]{43}=$/);
      expect(token.expire).toBeGreaterThan(Date.now() / 1000 + 3500);
    });

    it('cannot mint wider scopes or a later expiry than its own', async () => {
      const narrow = await mintToken(app, adminToken, ['POST:tokens/register', 'GET:feed'], 600);
      let res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(narrow), payload: { scopes: [':feed'] } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'Cannot grant scope ":feed": not covered by your token\'s scopes' });
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(narrow), payload: { scopes: ['GET:feed'], expire: 3600 } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatch(/^Requested expiry \d+ is later than your token's expiry \d+$/);
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(narrow), payload: { scopes: ['GET:feed'] } });
      expect(res.statusCode).toBe(200);
      expect(res.json().expire).toBe(JSON.parse(narrow).expire);
    });

    it('refuses malformed scope requests with 400 naming them', async () => {
      for (const [payload, message] of [
        [{ scopes: ['feed'] }, /^Invalid scope "feed": /],
        [{ scopes: ['GET:a*b'] }, /^Invalid scope "GET:a\*b": /],
        // The signature joins scopes with ","; one scope holding a comma would sign like two.
        [{ scopes: ['GET:feed,POST:feed'] }, /^Invalid scope "GET:feed,POST:feed": contains ","; give each scope as its own item of the list$/],
        [{ scopes: [':feed,*'] }, /^Invalid scope ":feed,\*": contains ","/],
        [{ scopes: [] }, /scopes must be a non-empty array/],
        [{ scopes: ['GET:feed'], expire: 0 }, /expire must be a lifetime in seconds/],
        [{ scopes: ['GET:feed'], callbackUrl: 'javascript:alert(1)' }, /callbackUrl scheme "javascript:" is not allowed/],
        [{ scopes: ['GET:feed'], extra: 1 }, /Unknown keys: extra/],
      ] as const) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(adminToken), payload });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatch(message);
      }
    });

    it('redirects to a callback with the token encoded twice', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: bearer(adminToken),
        payload: { scopes: ['GET:tokens'], callbackUrl: 'clipious-auth://done?keep=a%20b&token=old' },
      });
      expect(res.statusCode).toBe(302);
      const location = res.headers.location as string;
      expect(location).toMatch(/^clipious-auth:\/\/done\?keep=a\+b&token=%257B%2522session%2522%253A%2522v1%253A/);
      const token = decodeURIComponent(decodeURIComponent(new URL(location).search.split('token=')[1]));
      const ok = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) });
      expect(ok.statusCode).toBe(200);
    });

    it('accepts application/json with a charset, and forms with scopes[N]', async () => {
      let res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: { ...bearer(adminToken), 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ scopes: ['GET:feed'] }),
      });
      expect(res.statusCode).toBe(200);
      res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: { ...bearer(adminToken), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'scopes%5B0%5D=GET%3Afeed&scopes%5B1%5D=%3Aplaylists*&expire=60',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().scopes).toEqual(['GET:feed', ':playlists*']);
      res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: { ...bearer(adminToken), 'content-type': 'text/plain' },
        payload: 'scopes=GET:feed',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toEqual({ error: "Unsupported Content-Type 'text/plain': send application/json" });
    });
  });

  describe('tokens list and unregister across users', () => {
    let bob: string;
    beforeAll(async () => {
      bob = (await createUser(app, { username: 'bob', password: 'bobs password' })).jwt;
    });

    it("lists only the caller's token sessions, newest first", async () => {
      const bobToken = JSON.parse(await mintToken(app, bob, ['GET:tokens']));
      const res = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(bob) });
      expect(res.statusCode).toBe(200);
      expect(res.json().map((t: { session: string }) => t.session)).toEqual([bobToken.session]);
      const adminList = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(adminToken) });
      expect(adminList.json().map((t: { session: string }) => t.session)).not.toContain(bobToken.session);
      const { sid } = jwt.decode(bob) as { sid: string };
      expect(res.json().map((t: { session: string }) => t.session)).not.toContain(sid);
      const issued = adminList.json().map((t: { issued: number }) => t.issued);
      expect(issued).toEqual([...issued].sort((a, b) => b - a));
    });

    it("refuses to unregister another user's session (404) and leaves it working", async () => {
      const bobToken = await mintToken(app, bob, ['GET:tokens']);
      const session = JSON.parse(bobToken).session;
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(adminToken), payload: { session } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'Session does not exist.' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(bobToken) })).statusCode).toBe(200);
    });

    it("needs GET:tokens to revoke another of one's own sessions; revokes one's own session always", async () => {
      const victim = JSON.parse(await mintToken(app, bob, ['GET:feed'])).session;
      const weak = await mintToken(app, bob, ['POST:tokens/unregister']);
      let res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(weak), payload: { session: victim } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: `Cannot revoke session ${victim}` });
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(weak) });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(weak) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'Request must be authenticated' });
    });

    it("ends a user's sessions when their password is changed", async () => {
      const { id: daveId, jwt: daveToken } = await createUser(app, { username: 'dave', password: 'daves password' });
      expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${daveToken}` } })).statusCode).toBe(200);
      await app.get(UsersService).setPassword(daveId, 'a new password');
      const res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${daveToken}` } });
      expect(res.statusCode).toBe(403);
      expect(await loginToken(app, 'dave', 'a new password')).not.toBe(daveToken);
    });

    it("revokes a user's credentials when the user is deleted", async () => {
      const { id: carolId, jwt: carolToken } = await createUser(app, { username: 'carol', password: 'carols password' });
      expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${carolToken}` } })).statusCode).toBe(200);
      await app.get(UsersService).delete(carolId);
      const res = await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${carolToken}` } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ detail: 'Invalid token.' });
      const { rows } = await world.db().query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [carolId]);
      expect(rows[0].n).toBe(0);
    });
  });

  it('purges expired sessions in the maintenance job, and they stop working', async () => {
    const admin = await app.get(UsersService).findByUsername('admin');
    const sessions = app.get(SessionsService);
    // Three, so that a count read from a [rows, affected] pair instead of the rows would be wrong.
    const expired = await Promise.all([1, 2, 3].map(() => sessions.create(admin!.id, 'token', ['GET:tokens'], new Date(Date.now() - 1000))));
    const live = await sessions.create(admin!.id, 'token', ['GET:tokens'], new Date(Date.now() + 60_000));
    expect(await sessions.findLive(expired[0].id)).toBeNull();
    const before = await world.db().query('SELECT count(*)::int AS n FROM sessions WHERE expires_at < now()');
    const { purged } = await app.get(SessionMaintenanceProcessor).purgeExpiredSessions();
    expect(purged).toBe(before.rows[0].n);
    const { rows } = await world.db().query('SELECT id FROM sessions WHERE id = ANY($1)', [[...expired.map((s) => s.id), live.id]]);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([live.id]);
  });

  describe('CORS on /api/v1/', () => {
    it("answers a preflight without credentials with 204 and the spec's headers", async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/auth/feed',
        headers: { origin: 'https://materialious.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
        'access-control-allow-headers': 'Authorization, Authentication, Content-Type',
        'access-control-max-age': '600',
      });
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('puts Access-Control-Allow-Origin on responses, errors included', async () => {
      const ok = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { ...bearer(adminToken), origin: 'https://x.example' } });
      expect(ok.headers['access-control-allow-origin']).toBe('*');
      expect(ok.headers['access-control-expose-headers']).toBe('Location');
      const denied = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { origin: 'https://x.example' } });
      expect(denied.headers['access-control-allow-origin']).toBe('*');
    });
  });
});

describe('identity across two instances on one Postgres and Redis', () => {
  let world: TestWorld;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;

  beforeAll(async () => {
    world = await TestWorld.create();
    a = await world.startApp(ADMIN_ENV);
    b = await world.startApp(ADMIN_ENV);
  });
  afterAll(() => world.close());

  it('shares the generated secret: a token minted on A works on B', async () => {
    const token = await mintToken(a, await loginToken(a), ['GET:tokens']);
    expect((await b.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('a token revoked through A is refused by B on its next request', async () => {
    const token = await mintToken(a, await loginToken(a), ['GET:tokens', 'POST:tokens/unregister']);
    // B has the session cached after this request.
    expect((await b.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) })).statusCode).toBe(200);
    expect((await a.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(token) })).statusCode).toBe(204);
    let status = 200;
    // The revocation travels over Redis pub/sub; allow the message a moment to arrive.
    for (let i = 0; i < 20 && status === 200; i++) {
      status = (await b.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) })).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(403);
  });

  it('tokens minted from a token die with it, at any depth and on every instance; siblings minted otherwise live on', async () => {
    const jwt = await loginToken(a);
    const lineage = ['GET:feed', 'POST:tokens/register', 'POST:tokens/unregister'];
    const parent = await mintToken(a, jwt, lineage);
    const child = await mintToken(a, parent, lineage);
    const grandchild = await mintToken(b, child, ['GET:feed']);
    const sibling = await mintToken(a, jwt, ['GET:feed']);
    const feed = (app: NestFastifyApplication, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/feed', headers: bearer(token) });
    // Both instances have every session cached after these requests.
    for (const app of [a, b]) for (const token of [parent, child, grandchild, sibling]) expect((await feed(app, token)).statusCode).toBe(200);

    expect((await a.inject({ method: 'POST', url: '/api/v1/auth/tokens/unregister', headers: bearer(parent) })).statusCode).toBe(204);
    // The revoking instance refuses the whole line at once.
    for (const token of [parent, child, grandchild]) {
      const res = await feed(a, token);
      expect([res.statusCode, res.json()]).toEqual([403, { error: 'Request must be authenticated' }]);
    }
    // The other instance hears it over Redis pub/sub.
    await waitFor('B refusing the revoked line', async () =>
      (await Promise.all([parent, child, grandchild].map((t) => feed(b, t)))).every((r) => r.statusCode === 403),
    );
    const sessions = (token: string) => JSON.parse(token).session as string;
    const left = await world.db().query('SELECT id FROM sessions WHERE id = ANY($1)', [[parent, child, grandchild, sibling].map(sessions)]);
    expect(left.rows.map((row) => row.id)).toEqual([sessions(sibling)]);
    for (const app of [a, b]) expect((await feed(app, sibling)).statusCode).toBe(200);
  });

  it('a token minted with a login token has no parent: logging in again or a password change is what ends it', async () => {
    const minted = await mintToken(a, await loginToken(a), ['GET:feed']);
    const row = await world.db().query('SELECT parent_id FROM sessions WHERE id = $1', [JSON.parse(minted).session]);
    expect(row.rows).toEqual([{ parent_id: null }]);
  });

  it('11 bad logins in a minute across both instances → 429 with Retry-After, in the dialect shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await app.inject({ method: 'POST', url: '/api/login/', payload: { username: 'admin', password: `wrong ${i}` } });
      statuses.push(res.statusCode);
      if (i === 10) {
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json().detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds?\.$/);
      }
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    // Even the right password is throttled now for that username.
    const res = await b.inject({ method: 'POST', url: '/api/login/', payload: { username: 'admin', password: ADMIN.password } });
    expect(res.statusCode).toBe(429);
  });
});
