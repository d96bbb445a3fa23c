import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { TestWorld } from './support/test-app.js';

const ADMIN = { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'correct horse' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** A urlencoded body; pairs keep their order (the consent form's `scopes[N]` depend on it). */
const form = (fields: Record<string, string> | [string, string][]) => new URLSearchParams(fields).toString();

function setCookies(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** The session id of the first Set-Cookie, which must be the SID. */
function sidOf(res: LightMyRequestResponse): string {
  const match = /^SID=([^;]+);/.exec(setCookies(res)[0] ?? '');
  if (!match) throw new Error(`no SID cookie first in ${JSON.stringify(setCookies(res))}`);
  return match[1];
}

/** The value of a hidden field on a page. */
function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)">`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return match[1].replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

describe('browser flows: /login, /signout, /authorize_token (real Postgres and Redis)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;

  const login = (fields: Record<string, string>, remoteAddress = '10.0.0.1', url = '/login') =>
    app.inject({ method: 'POST', url, headers: FORM, payload: form(fields), remoteAddress });

  async function newSid(): Promise<string> {
    const res = await login({ email: 'admin', password: 'correct horse' });
    expect(res.statusCode).toBe(302);
    return sidOf(res);
  }

  async function consent(sid: string, query: string): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'GET', url: `/authorize_token?${query}`, headers: { cookie: `SID=${sid}` } });
  }

  /** The consent page's form, posted back as the browser would. */
  async function approve(sid: string, query: string): Promise<LightMyRequestResponse> {
    const page = await consent(sid, query);
    expect(page.statusCode).toBe(200);
    const fields = [...page.body.matchAll(/<input type="hidden" name="([^"]+)"/g)].map((m): [string, string] => [m[1], hiddenValue(page.body, m[1])]);
    return app.inject({ method: 'POST', url: '/authorize_token', headers: { ...FORM, cookie: `SID=${sid}` }, payload: form(fields) });
  }

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN);
    db = world.db();
  });
  afterAll(() => world.close());

  describe('GET /login', () => {
    it('serves the form as HTML, with the referer escaped and no registration while it is disabled', async () => {
      const res = await app.inject({ method: 'GET', url: '/login?referer=%2Fx%22%3E%3Cscript%3E' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<form method="post" action="/login">');
      expect(res.body).toContain('name="email"');
      expect(res.body).toContain('name="password"');
      expect(res.body).toContain('<input type="hidden" name="referer" value="/x&quot;&gt;&lt;script&gt;">');
      expect(res.body).not.toContain('<script>');
      expect(res.body).not.toContain('action" value="register"');
      expect((await app.inject({ method: 'GET', url: '/login/' })).statusCode).toBe(200);
    });
  });

  describe('POST /login', () => {
    it('logs in: 302 to /docs, the first Set-Cookie is the SID of a one-year browser session', async () => {
      const res = await login({ email: 'ADMIN', password: 'correct horse' }, '10.0.0.1', '/login?type=invidious');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/docs');
      const [cookie] = setCookies(res);
      expect(cookie).toMatch(/^SID=v1:[A-Za-z0-9_-]{43}=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=31536000$/);

      const { rows } = await db.query('SELECT kind, scopes, expires_at FROM sessions WHERE id = $1', [sidOf(res)]);
      expect(rows).toHaveLength(1);
      expect(rows[0].kind).toBe('browser');
      expect(rows[0].scopes).toEqual([':*']);
      const lifetime = (rows[0].expires_at.getTime() - Date.now()) / 1000;
      expect(lifetime).toBeGreaterThan(YEAR_SECONDS - 60);
      expect(lifetime).toBeLessThanOrEqual(YEAR_SECONDS);
    });

    it('accepts `username` as well as `email`', async () => {
      const res = await login({ username: 'admin', password: 'correct horse' });
      expect(res.statusCode).toBe(302);
      sidOf(res);
    });

    it('follows a local referer only', async () => {
      const cases: [string, string][] = [
        ['/authorize_token?scopes=%3Afeed', '/authorize_token?scopes=%3Afeed'],
        ['/feed', '/feed'],
        ['//evil.com', '/docs'],
        ['//evil.com/path', '/docs'],
        ['/\\evil.com', '/docs'],
        ['https://evil.com/', '/docs'],
        ['evil.com', '/docs'],
        ['', '/docs'],
      ];
      for (const [referer, location] of cases) {
        const res = await login({ email: 'admin', password: 'correct horse', referer });
        expect({ referer, location: res.headers.location }).toEqual({ referer, location });
      }
    });

    it('answers a wrong password with 401 HTML, and an unknown user with the same body', async () => {
      const wrong = await login({ email: 'admin', password: 'wrong password' }, '10.0.1.1');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(wrong.body).toContain('Wrong username or password');
      expect(setCookies(wrong)).toEqual([]);
      const unknown = await login({ email: 'nobody', password: 'wrong password' }, '10.0.1.1');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
    });

    it('answers missing fields with 400 HTML', async () => {
      const res = await login({ email: 'admin' }, '10.0.1.2');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Enter your username (or email) and your password.');
    });

    it('throttles the 11th failed attempt with 429 HTML and Retry-After, sharing the limiter of /api/login/', async () => {
      for (let i = 0; i < 10; i++) {
        expect((await login({ email: 'throttled', password: `guess ${i}` }, '10.0.2.1')).statusCode).toBe(401);
      }
      const res = await login({ email: 'throttled', password: 'guess 10' }, '10.0.2.1');
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(res.body).toMatch(/Too many failed logins\. Try again in \d+ seconds?\./);
      // Same limiter: the TubeArchivist login from that IP is throttled too.
      const ta = await app.inject({ method: 'POST', url: '/api/login/', payload: { username: 'admin', password: 'correct horse' }, remoteAddress: '10.0.2.1' });
      expect(ta.statusCode).toBe(429);
    });

    it('gives a SID that works on the API, and refuses a cross-site cookie POST without ending the session', async () => {
      const sid = await newSid();
      const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: `SID=${sid}` } });
      expect(ping.statusCode).toBe(200);
      expect(ping.json()).toMatchObject({ response: 'pong' });

      const crossSite = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/unregister',
        headers: { cookie: `SID=${sid}`, origin: 'https://evil.example' },
      });
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.json()).toEqual({ error: 'Cross-site request refused' });
      expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: `SID=${sid}` } })).statusCode).toBe(200);
    });
  });

  describe('GET /authorize_token', () => {
    const query = `scopes=${encodeURIComponent(':feed,GET:x<b>"y,:*')}&callback_url=${encodeURIComponent('https://app.example/auth?keep=1')}&expire=3600`;

    it('sends a browser without a session to the login, to come back to the same URL', async () => {
      const url = `/authorize_token?${query}`;
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe(`/login?referer=${encodeURIComponent(url)}`);
      // The login then returns there.
      const back = await login({ email: 'admin', password: 'correct horse', referer: url });
      expect(back.headers.location).toBe(url);
    });

    it('does not take a token session as SID', async () => {
      const sid = await newSid();
      const token = JSON.parse(
        decodeURIComponent(
          decodeURIComponent(/token=([^&]+)/.exec((await approve(sid, 'scopes=GET:tokens&callback_url=https://a.example/')).headers.location as string)![1]),
        ),
      );
      const res = await consent(token.session, query);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toMatch(/^\/login\?referer=/);
    });

    it('shows the consent page: escaped scopes, full access flagged, expiry, hidden fields and a CSRF token', async () => {
      const res = await consent(await newSid(), query);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      expect(html).toContain('<h1>Authorize token for https://app.example?</h1>');
      expect(html).toContain('<code>GET:x&lt;b&gt;&quot;y</code>');
      expect(html).not.toContain('<b>"y');
      expect(html).toMatch(/Full access:<\/strong> <code>:\*<\/code>/);
      expect(html).toContain('every method on feed');
      expect(html).toMatch(/expires in 3600 seconds/);
      expect(hiddenValue(html, 'scopes[0]')).toBe(':feed');
      expect(hiddenValue(html, 'scopes[1]')).toBe('GET:x<b>"y');
      expect(hiddenValue(html, 'scopes[2]')).toBe(':*');
      expect(hiddenValue(html, 'callbackUrl')).toBe('https://app.example/auth?keep=1');
      expect(hiddenValue(html, 'expire')).toBe('3600');
      expect(hiddenValue(html, 'csrf_token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(html).toContain('<button type="submit">Yes</button>');
      expect(html).toContain('<a href="https://app.example/auth">No</a>');
    });

    it('asks "Authorize token?" without a callback, with No leading home', async () => {
      const res = await consent(await newSid(), 'scopes=%3Afeed');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Authorize token?</h1>');
      expect(res.body).toContain('<a href="/">No</a>');
      expect(res.body).toContain('never expires');
      expect(hiddenValue(res.body, 'callbackUrl')).toBe('');
    });

    it('titles an app-scheme callback by its scheme', async () => {
      const res = await consent(await newSid(), 'scopes=%3Afeed&callback_url=clipious-auth%3A%2F%2F');
      expect(res.body).toContain('<h1>Authorize token for clipious-auth://?</h1>');
    });

    it('refuses bad parameters with 400 HTML naming them, before asking for a login', async () => {
      const sid = await newSid();
      const cases: [string, string][] = [
        ['scopes=%3Afeed&callback_url=javascript%3Aalert(1)', 'callback_url'],
        ['scopes=%3Afeed&callback_url=JavaScript%3Aalert(1)', 'callback_url'],
        ['scopes=%3Afeed&callback_url=data%3Atext%2Fhtml%2C%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'callback_url'],
        ['scopes=%3Afeed&callback_url=%2Frelative%2Fpath', 'callback_url'],
        ['scopes=%3Afeed&callback_url=https%3A%2F%2Fapp.example%2F%0D%0ASet-Cookie%3Ax', 'callback_url'],
        ['scopes=%3Afeed&callback_url=https%3A%2F%2Fapp.example%2F%01', 'callback_url'],
        ['scopes=%3Afeed&callback_url=https%3A%2F%2Fuser%3Apass%40app.example%2F', 'callback_url'],
        ['scopes=GET%3A%2Ffeed', 'scopes'],
        ['scopes=feed', 'scopes'],
        ['scopes=', 'scopes'],
        ['callback_url=https%3A%2F%2Fapp.example%2F', 'scopes'],
        ['scopes=%3Afeed&expire=0', 'expire'],
        ['scopes=%3Afeed&expire=soon', 'expire'],
      ];
      for (const [queryString, parameter] of cases) {
        for (const cookie of [`SID=${sid}`, undefined]) {
          const res = await app.inject({ method: 'GET', url: `/authorize_token?${queryString}`, headers: cookie ? { cookie } : {} });
          expect({ queryString, status: res.statusCode, location: res.headers.location }).toEqual({ queryString, status: 400, location: undefined });
          expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
          expect(res.body).toContain(`Bad parameter <code>${parameter}</code>`);
          expect(res.body).not.toMatch(/<script>|href="javascript/i);
        }
      }
      const invalidScope = await consent(sid, 'scopes=%3Afeed%2CGET%3A%2Ffeed');
      expect(invalidScope.body).toContain('Invalid scope &quot;GET:/feed&quot;');
    });
  });

  describe('POST /authorize_token', () => {
    it('sends a browser without a session to /login', async () => {
      const res = await app.inject({ method: 'POST', url: '/authorize_token', headers: FORM, payload: form({ 'scopes[0]': ':feed' }) });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login');
    });

    it('refuses a missing, unknown, reused or foreign CSRF token with 403 HTML and mints nothing', async () => {
      const sid = await newSid();
      const page = await consent(sid, 'scopes=GET%3Atokens');
      const csrfToken = hiddenValue(page.body, 'csrf_token');
      const post = (fields: Record<string, string>, session = sid) =>
        app.inject({
          method: 'POST',
          url: '/authorize_token',
          headers: { ...FORM, cookie: `SID=${session}` },
          payload: form({ 'scopes[0]': 'GET:tokens', ...fields }),
        });
      const tokensBefore = (await db.query(`SELECT count(*)::int AS n FROM sessions WHERE kind = 'token'`)).rows[0].n;

      const missing = await post({});
      expect(missing.statusCode).toBe(403);
      expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(missing.body).toContain('expired or was already used');
      expect((await post({ csrf_token: 'A'.repeat(43) })).statusCode).toBe(403);

      // A token shown to another session is refused (and used up).
      const otherSid = await newSid();
      const foreign = hiddenValue((await consent(otherSid, 'scopes=GET%3Atokens')).body, 'csrf_token');
      expect((await post({ csrf_token: foreign })).statusCode).toBe(403);
      expect((await post({ csrf_token: foreign }, otherSid)).statusCode).toBe(403);

      expect((await post({ csrf_token: csrfToken })).statusCode).toBe(200);
      const reused = await post({ csrf_token: csrfToken });
      expect(reused.statusCode).toBe(403);
      const tokensAfter = (await db.query(`SELECT count(*)::int AS n FROM sessions WHERE kind = 'token'`)).rows[0].n;
      expect(tokensAfter).toBe(tokensBefore + 1);
    });

    it('validates the posted fields again', async () => {
      const sid = await newSid();
      const csrfToken = hiddenValue((await consent(sid, 'scopes=%3Afeed')).body, 'csrf_token');
      const res = await app.inject({
        method: 'POST',
        url: '/authorize_token',
        headers: { ...FORM, cookie: `SID=${sid}` },
        payload: form({ 'scopes[0]': ':feed', callbackUrl: 'javascript:alert(1)', csrf_token: csrfToken }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain('Bad parameter <code>callbackUrl</code>');
    });

    it('redirects to the callback with the token and username encoded twice; the token works within its scopes only', async () => {
      const callback = 'https://app.example/auth?keep=1&token=old';
      const res = await approve(await newSid(), `scopes=GET%3Atokens&expire=3600&callback_url=${encodeURIComponent(callback)}`);
      expect(res.statusCode).toBe(302);
      const location = res.headers.location as string;
      expect(location).toMatch(/^https:\/\/app\.example\/auth\?keep=1&token=%257B%2522session%2522%253A%2522v1%253A/);
      expect(location).toMatch(/&username=admin$/);

      const encoded = /[?&]token=([^&]+)/.exec(location)![1];
      const tokenJson = decodeURIComponent(decodeURIComponent(encoded));
      const token = JSON.parse(tokenJson);
      expect(Object.keys(token)).toEqual(['session', 'scopes', 'expire', 'signature']);
      expect(token.scopes).toEqual(['GET:tokens']);
      expect(token.expire).toBeGreaterThan(Date.now() / 1000 + 3500);
      expect(token.expire).toBeLessThanOrEqual(Date.now() / 1000 + 3600);

      const list = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${tokenJson}` } });
      expect(list.statusCode).toBe(200);
      expect(list.json().map((t: { session: string }) => t.session)).toContain(token.session);
      // Materialious decodes once and sends the percent-encoded JSON.
      const onceDecoded = decodeURIComponent(encoded);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${onceDecoded}` } })).statusCode).toBe(200);

      const outside = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: { authorization: `Bearer ${tokenJson}`, 'content-type': 'application/json' },
        payload: { scopes: ['GET:tokens'] },
      });
      expect(outside.statusCode).toBe(403);
      expect(outside.json()).toEqual({ error: 'Invalid scope' });
    });

    it('redirects to an app-scheme callback (Clipious)', async () => {
      const res = await approve(await newSid(), 'scopes=%3Afeed%2C%3Asubscriptions*%2C%3Aplaylists*%2C%3Ahistory*&callback_url=clipious-auth%3A%2F%2F');
      expect(res.statusCode).toBe(302);
      const location = res.headers.location as string;
      expect(location).toMatch(/^clipious-auth:\/\/\?token=%257B%2522session%2522/);
      const token = JSON.parse(decodeURIComponent(decodeURIComponent(/token=([^&]+)/.exec(location)![1])));
      expect(token.scopes).toEqual([':feed', ':subscriptions*', ':playlists*', ':history*']);
      expect(token.expire).toBeUndefined();
      const feedScoped = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${JSON.stringify(token)}` } });
      expect(feedScoped.statusCode).toBe(403);
      expect(feedScoped.json()).toEqual({ error: 'Invalid scope' });
    });

    it('shows the token on a page when there is no callback', async () => {
      const res = await approve(await newSid(), 'scopes=GET%3Atokens');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      const code = /<code>([^<]+)<\/code>/.exec(res.body)![1];
      expect(code).toMatch(/^\{&quot;session&quot;:&quot;v1:/);
      const token = JSON.parse(code.replaceAll('&quot;', '"'));
      expect(token.scopes).toEqual(['GET:tokens']);
      const list = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${JSON.stringify(token)}` } });
      expect(list.statusCode).toBe(200);
    });
  });

  describe('POST /signout', () => {
    it('ends the session with the sign-out form of the login page, clears the cookie and goes to /login', async () => {
      const sid = await newSid();
      const page = await app.inject({ method: 'GET', url: '/login', headers: { cookie: `SID=${sid}` } });
      expect(page.body).toContain('You are signed in as <b>admin</b>');
      expect(page.body).toContain('<form method="post" action="/signout">');
      const csrfToken = hiddenValue(page.body, 'csrf_token');

      const res = await app.inject({ method: 'POST', url: '/signout', headers: { ...FORM, cookie: `SID=${sid}` }, payload: form({ csrf_token: csrfToken }) });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login');
      expect(setCookies(res)).toEqual(['SID=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0']);
      expect((await db.query('SELECT 1 FROM sessions WHERE id = $1', [sid])).rowCount).toBe(0);
      const ping = await app.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: `SID=${sid}` } });
      expect(ping.statusCode).toBe(403);
      expect((await consent(sid, 'scopes=%3Afeed')).statusCode).toBe(302);

      // Without a live session there is nothing to protect: the stale cookie is just cleared.
      const again = await app.inject({ method: 'POST', url: '/signout', headers: { ...FORM, cookie: `SID=${sid}` }, payload: form({}) });
      expect(again.statusCode).toBe(302);
      expect(again.headers.location).toBe('/login');
      expect(setCookies(again)).toEqual(['SID=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0']);
    });

    it('refuses a missing or bad CSRF token with 403 HTML and keeps the session', async () => {
      const sid = await newSid();
      for (const payload of [form({}), form({ csrf_token: 'nope' }), '']) {
        const res = await app.inject({ method: 'POST', url: '/signout', headers: { ...FORM, cookie: `SID=${sid}` }, payload });
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(setCookies(res)).toEqual([]);
      }
      expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: `SID=${sid}` } })).statusCode).toBe(200);
    });
  });
});

describe('browser flows with REGISTRATION_ENABLED and TRUST_PROXY', () => {
  let world: TestWorld;
  let open: NestFastifyApplication;
  let closed: NestFastifyApplication;
  let db: pg.Pool;

  const register = (app: NestFastifyApplication, fields: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ action: 'register', ...fields }) });

  beforeAll(async () => {
    world = await TestWorld.create();
    open = await world.startApp({ REGISTRATION_ENABLED: 'true', TRUST_PROXY: 'true' });
    closed = await world.startApp({ REGISTRATION_ENABLED: 'false' });
    db = world.db();
  });
  afterAll(() => world.close());

  it('shows the registration form only when enabled', async () => {
    expect((await open.inject({ method: 'GET', url: '/login' })).body).toContain('<input type="hidden" name="action" value="register">');
    expect((await closed.inject({ method: 'GET', url: '/login' })).body).not.toContain('name="action"');
  });

  it('registers a non-admin user and logs them in', async () => {
    const res = await register(open, { username: 'newbie', password: 'long enough', referer: '/feed' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/feed');
    const sid = sidOf(res);
    const { rows } = await db.query('SELECT is_admin FROM users WHERE username = $1', ['newbie']);
    expect(rows).toEqual([{ is_admin: false }]);
    const ping = await open.inject({ method: 'GET', url: '/api/ping/', headers: { cookie: `SID=${sid}` } });
    expect(ping.statusCode).toBe(200);
    // And the password works for a plain login.
    const again = await open.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ email: 'NEWBIE', password: 'long enough' }) });
    expect(again.statusCode).toBe(302);
  });

  it('refuses a bad username or password with 400 and a taken name with 409, naming the problem', async () => {
    const shortPassword = await register(open, { username: 'shorty', password: 'short' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.body).toContain('password must be 8-1024 characters');
    const badName = await register(open, { username: 'no spaces allowed', password: 'long enough' });
    expect(badName.statusCode).toBe(400);
    expect(badName.body).toContain('username must be 1-64 letters');
    await register(open, { username: 'taken', password: 'long enough' });
    const taken = await register(open, { username: 'TAKEN', password: 'long enough' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('A user named &quot;TAKEN&quot; already exists');
    expect(setCookies(taken)).toEqual([]);
  });

  it('refuses registration while it is disabled and creates nobody', async () => {
    const res = await register(closed, { username: 'sneaky', password: 'long enough' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Registration is disabled');
    expect((await db.query('SELECT 1 FROM users WHERE username = $1', ['sneaky'])).rowCount).toBe(0);
  });

  it('marks the cookie Secure when a trusted proxy says HTTPS, and only then', async () => {
    const viaHttps = await open.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, 'x-forwarded-proto': 'https' },
      payload: form({ email: 'newbie', password: 'long enough' }),
    });
    expect(setCookies(viaHttps)[0]).toMatch(/^SID=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=31536000; Secure$/);
    const viaHttp = await open.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ email: 'newbie', password: 'long enough' }) });
    expect(setCookies(viaHttp)[0]).not.toContain('Secure');
    const untrusted = await closed.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, 'x-forwarded-proto': 'https' },
      payload: form({ email: 'newbie', password: 'long enough' }),
    });
    expect(setCookies(untrusted)[0]).not.toContain('Secure');
  });
});
