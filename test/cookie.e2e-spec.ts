import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { CookieRevalidationProcessor, REVALIDATE_YOUTUBE_COOKIE } from '../src/tubearchivist/cookie/cookie-revalidation.js';
import { QUEUES } from '../src/platform/queue/queues.js';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const CANARY = 'zz9-canary-value';
const NOT_ADMIN = { detail: 'You do not have permission to perform this action.' };
const ANONYMOUS = { detail: 'Authentication credentials were not provided.' };
const DISABLED = { cookie_enabled: false, status: false };
const IMPORTED = { cookie_import: 'done', cookie_validated: true };
const MISSING = { message: 'missing cookie key in request data' };
const failed = (message: RegExp) => ({ cookie_import: 'fail', cookie_validated: false, message: expect.stringMatching(message) });
const VALIDATED_STR = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/** The browser extension v0.3.2's export: header, two comment lines, a blank line, TAB-joined cookies, `\n` between lines. */
const cookieFile = (...lines: string[]) =>
  ['# Netscape HTTP Cookie File', '# https://curl.haxx.se/rfc/cookie_spec.html', '# This is a generated file! Do not edit.', '', ...lines].join('\n');
const line = (domain: string, name: string, value: string) => [domain, 'TRUE', '/', 'TRUE', '0', name, value].join('\t');
const GOOD = cookieFile(line('.youtube.com', 'SID', 'good'), line('.youtube.com', 'CANARY', CANARY), line('.google.com', 'OTHER', 'google-only'));
const BAD = cookieFile(line('.youtube.com', 'SID', 'bad'), line('.youtube.com', 'CANARY', CANARY));

/**
 * A fake YouTube (docs/dialects/tubearchivist.md#cookie-check): the signed-in page when the Cookie header holds
 * `SID=good`, else a signed-out one. `mode` makes it sign everyone out, redirect or drop the connection.
 */
class FakeYoutube {
  readonly requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  mode: 'normal' | 'signed-out' | 'redirect' | 'reset' = 'normal';
  private readonly server: Server = createServer((req, res) => {
    this.requests.push({ url: req.url!, headers: req.headers });
    if (this.mode === 'reset') return req.socket.destroy();
    if (this.mode === 'redirect') return res.writeHead(302, { location: 'https://consent.youtube.com/' }).end();
    const signedIn =
      this.mode === 'normal' &&
      String(req.headers.cookie ?? '')
        .split('; ')
        .includes('SID=good');
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<script>ytcfg.set({"LOGGED_IN":${signedIn}})</script>`);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Every log line of the file's apps. nestjs-pino keeps the first app's logger for the whole
 * process, so later apps' lines land here too; each app still gets the sink in case it is first.
 */
const logs: string[] = [];
const logSink: DestinationStream = { write: (chunk: string) => void logs.push(chunk) };
/** Every response body of the file, checked for the cookie at the end. */
const bodies: string[] = [];

describe('YouTube cookie /api/cookie/ (real Postgres and Redis, fake YouTube)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let fake: FakeYoutube;
  let youtubeUrl: string;
  let adminToken: string;
  let userToken: string;

  /** A request as the browser extension sends it: Token auth, JSON content type even on GET, `mode: no-cors`. */
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', payload?: unknown, options: { token?: string; headers?: Record<string, string> } = {}) => {
    const token = options.token ?? adminToken;
    const res = await app.inject({
      method,
      url: '/api/cookie/',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        mode: 'no-cors',
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        ...(token ? { authorization: `Token ${token}` } : {}),
        ...options.headers,
      },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    bodies.push(res.body);
    return res;
  };
  const importCookie = (cookie: unknown) => call('PUT', { cookie });
  const status = async () => (await call('GET')).json();
  const storedRows = async () => (await db.query('SELECT count(*)::int AS n FROM youtube_cookie')).rows[0].n as number;

  beforeAll(async () => {
    fake = new FakeYoutube();
    youtubeUrl = await fake.start();
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, LOG_LEVEL: 'debug', YOUTUBE_URL: youtubeUrl }, logSink);
    db = world.db();
    adminToken = await loginToken(app);
    const viewer = await createUser(app, { username: 'viewer', password: 'viewer password' });
    userToken = viewer.jwt;
  });
  afterAll(async () => {
    await world.close();
    await fake.stop();
  });
  beforeEach(() => {
    fake.mode = 'normal';
  });

  it('refuses anonymous callers and non-admins on every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
      const anonymous = await call(method, method === 'PUT' ? { cookie: GOOD } : undefined, { token: '' });
      expect([method, anonymous.statusCode, anonymous.json()]).toEqual([method, 403, ANONYMOUS]);
      const user = await call(method, method === 'PUT' ? { cookie: GOOD } : undefined, { token: userToken });
      expect([method, user.statusCode, user.json()]).toEqual([method, 403, NOT_ADMIN]);
    }
    expect(fake.requests).toHaveLength(0);
    expect(await storedRows()).toBe(0);
  });

  it('shows no cookie, and POST answers false without asking YouTube', async () => {
    const get = await call('GET');
    expect(get.statusCode).toBe(200);
    expect(get.body).toBe(JSON.stringify(DISABLED));
    const post = await call('POST', { ignored: true });
    expect(post.statusCode).toBe(200);
    expect(post.json()).toEqual({ cookie_validated: false });
    expect(fake.requests).toHaveLength(0);
  });

  it("imports the extension's file, checked with only its YouTube cookies, and reports when (UTC)", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await importCookie(GOOD);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(JSON.stringify(IMPORTED));

    const sent = fake.requests.at(-1)!;
    expect(sent.url).toBe('/playlist?list=LL');
    expect(sent.headers.cookie).toBe(`SID=good; CANARY=${CANARY}`);
    expect(sent.headers['accept-language']).toBe('en-US,en;q=0.9');
    expect(sent.headers['user-agent']).toMatch(/^Mozilla\/5\.0 /);

    const body = await status();
    expect(Object.keys(body)).toEqual(['cookie_enabled', 'status', 'validated', 'validated_str']);
    expect(body).toEqual({ cookie_enabled: true, status: true, validated: expect.any(Number), validated_str: expect.stringMatching(VALIDATED_STR) });
    expect(body.validated).toBeGreaterThanOrEqual(before);
    expect(body.validated).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    // UTC, whatever the server's zone.
    expect(body.validated_str).toBe(new Date(body.validated * 1000).toISOString().slice(0, 16).replace('T', ' '));
  });

  it('stores the cookie encrypted: the text is nowhere in the table', async () => {
    const { rows } = await db.query('SELECT * FROM youtube_cookie');
    expect(rows).toHaveLength(1);
    const raw = Buffer.concat(Object.values(rows[0]).filter((v): v is Buffer => Buffer.isBuffer(v)));
    expect(raw.length).toBeGreaterThan(GOOD.length);
    for (const needle of [CANARY, 'SID\tgood', 'Netscape']) expect(raw.includes(needle)).toBe(false);
    const { rows: text } = await db.query('SELECT t::text AS row FROM youtube_cookie t');
    expect(text[0].row).not.toContain(CANARY);
    expect(text[0].row).not.toContain(Buffer.from(CANARY).toString('hex'));
  });

  it('POST re-checks the stored cookie and records the time', async () => {
    const requests = fake.requests.length;
    const res = await call('POST');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"cookie_validated":true}');
    expect(fake.requests).toHaveLength(requests + 1);
    expect(fake.requests.at(-1)!.headers.cookie).toBe(`SID=good; CANARY=${CANARY}`);
    expect(await status()).toMatchObject({ cookie_enabled: true, status: true });
  });

  it('POST keeps a cookie that fails its check, recording status false', async () => {
    fake.mode = 'signed-out';
    const res = await call('POST');
    expect(res.json()).toEqual({ cookie_validated: false });
    expect(await status()).toEqual({ cookie_enabled: true, status: false, validated: expect.any(Number), validated_str: expect.stringMatching(VALIDATED_STR) });
    fake.mode = 'reset';
    const logged = logs.length;
    const unreachable = await call('POST');
    expect([unreachable.statusCode, unreachable.json()]).toEqual([200, { cookie_validated: false }]);
    expect(logs.slice(logged).some((l) => /the stored YouTube cookie failed its check: YouTube could not be reached \(\w+\)/.test(l))).toBe(true);
    fake.mode = 'normal';
    expect((await call('POST')).json()).toEqual({ cookie_validated: true });
  });

  it('a missing, non-string or blank cookie key is a 400 that changes nothing', async () => {
    const requests = fake.requests.length;
    for (const payload of [{}, { cookie: 5 }, { cookie: null }, { cookie: ['x'] }, { cookie: ' \n\t ' }, { cookies: GOOD }, [GOOD], '"text"', undefined]) {
      const res = await call('PUT', payload);
      expect([payload, res.statusCode, res.body]).toEqual([payload, 400, JSON.stringify(MISSING)]);
    }
    expect(fake.requests).toHaveLength(requests);
    expect(await status()).toMatchObject({ cookie_enabled: true, status: true });
  });

  it('a PUT that YouTube refuses revokes the stored cookie', async () => {
    const res = await importCookie(BAD);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(failed(/^YouTube did not accept the cookie/));
    expect(Object.keys(res.json())).toEqual(['cookie_import', 'cookie_validated', 'message']);
    expect((await call('GET')).body).toBe(JSON.stringify(DISABLED));
    expect(await storedRows()).toBe(0);
  });

  it.each([
    ['a JSON export', JSON.stringify([{ domain: '.youtube.com', name: 'SID', value: 'good' }]), /^line 1: this is a JSON cookie export/],
    ['JSON inside the file', cookieFile('{"domain":".youtube.com","name":"SID","value":"good"}', line('.youtube.com', 'SID', 'good')), /^line 5: JSON/],
    [
      'a missing header',
      [line('.youtube.com', 'SID', 'good'), line('.youtube.com', 'CANARY', CANARY)].join('\n'),
      /^line 1: not a Netscape cookies\.txt header/,
    ],
    ['no YouTube cookie', cookieFile(line('.google.com', 'SID', 'good')), /^no youtube\.com cookie in the file$/],
    [
      'only malformed lines',
      cookieFile('.youtube.com TRUE / TRUE 0 SID good'),
      /^no youtube\.com cookie in the file \(lines not of 7 TAB-separated fields: 5\)$/,
    ],
    ['only expired cookies', cookieFile(['.youtube.com', 'TRUE', '/', 'TRUE', '1000', 'SID', 'good'].join('\t')), /^no YouTube cookie left to send/],
  ])('refuses %s (400, revoked, reason named, YouTube not asked)', async (_case, cookie, message) => {
    expect((await importCookie(GOOD)).statusCode).toBe(200);
    const requests = fake.requests.length;
    const res = await importCookie(cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(failed(message));
    expect(res.body).not.toContain('good');
    expect(fake.requests).toHaveLength(requests);
    expect(await status()).toEqual(DISABLED);
  });

  it.each([
    ['YouTube drops the connection', 'reset' as const, /^YouTube could not be reached \(\w+\)$/],
    ['YouTube redirects', 'redirect' as const, /^YouTube answered HTTP 302/],
  ])('refuses the import when %s, never with a 5xx', async (_case, mode, message) => {
    expect((await importCookie(GOOD)).statusCode).toBe(200);
    fake.mode = mode;
    const res = await importCookie(GOOD);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(failed(message));
    expect(await status()).toEqual(DISABLED);
  });

  it('strips NUL bytes, reads CRLF files, a BOM and #HttpOnly_ lines', async () => {
    const text = `\uFEFF${GOOD.replace(/\n/g, '\r\n').replace('.youtube.com\tTRUE\t/\tTRUE\t0\tSID', '#HttpOnly_.youtube.com\tTRUE\t/\tTRUE\t0\tS\0ID')}\0`;
    const res = await importCookie(text);
    expect(res.body).toBe(JSON.stringify(IMPORTED));
    expect(fake.requests.at(-1)!.headers.cookie).toBe(`SID=good; CANARY=${CANARY}`);
  });

  it('takes the cookie form-encoded too', async () => {
    await call('DELETE');
    const res = await call('PUT', new URLSearchParams({ cookie: GOOD }).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(IMPORTED);
  });

  it('refuses a body over 1 MiB with the framework 413, storing nothing new', async () => {
    const res = await importCookie(`${GOOD}\n${'#'.repeat(1024 * 1024)}`);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ detail: 'Request body too large: at most 1 MiB.' });
    expect(await status()).toMatchObject({ cookie_enabled: true, status: true });
  });

  it('the daily job is registered and re-validates the stored cookie, recording the outcome', async () => {
    const queue = app.get<Queue>(getQueueToken(QUEUES.maintenance));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable).toContainEqual(expect.objectContaining({ name: REVALIDATE_YOUTUBE_COOKIE, every: 24 * 60 * 60 * 1000 }));

    const processor = app.get(CookieRevalidationProcessor);
    const { rows: before } = await db.query('SELECT validated_at FROM youtube_cookie');
    fake.mode = 'signed-out';
    await expect(processor.revalidateYoutubeCookie()).resolves.toEqual({ stored: true, valid: false });
    const { rows: after } = await db.query('SELECT status, validated_at FROM youtube_cookie');
    expect(after[0].status).toBe(false);
    expect(after[0].validated_at.getTime()).toBeGreaterThan(before[0].validated_at.getTime());
    expect(await status()).toMatchObject({ cookie_enabled: true, status: false });

    fake.mode = 'normal';
    await expect(processor.revalidateYoutubeCookie()).resolves.toEqual({ stored: true, valid: true });
    expect(await status()).toMatchObject({ cookie_enabled: true, status: true });
  });

  it('DELETE revokes (204), also when nothing is stored', async () => {
    const res = await call('DELETE');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await call('GET')).body).toBe(JSON.stringify(DISABLED));
    expect(await storedRows()).toBe(0);
    expect((await call('DELETE')).statusCode).toBe(204);
  });

  it('answers without the trailing slash too', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/cookie', headers: { authorization: `Token ${adminToken}` } });
    bodies.push(res.body);
    expect(res.json()).toEqual(DISABLED);
  });
});

describe('a stored cookie after SECRET_KEY changed', () => {
  let world: TestWorld;
  let fake: FakeYoutube;

  beforeAll(async () => {
    fake = new FakeYoutube();
    world = await TestWorld.create();
  });
  afterAll(async () => {
    await world.close();
    await fake.stop();
  });

  it('counts as absent, with a warning naming only the cause, until imported again', async () => {
    const youtubeUrl = await fake.start();
    const call = async (app: NestFastifyApplication, token: string, method: 'GET' | 'POST' | 'PUT') => {
      const res = await app.inject({
        method,
        url: '/api/cookie/',
        headers: { authorization: `Token ${token}` },
        ...(method === 'PUT' ? { payload: { cookie: GOOD } } : {}),
      });
      bodies.push(res.body);
      return res;
    };
    const first = await world.startApp({ ...ADMIN_ENV, LOG_LEVEL: 'debug', YOUTUBE_URL: youtubeUrl }, logSink);
    expect((await call(first, await loginToken(first), 'PUT')).statusCode).toBe(200);

    // Only the second app is used from here: Passport's strategies are process-wide, so the last key wins.
    const logged = logs.length;
    const second = await world.startApp(
      { ...ADMIN_ENV, LOG_LEVEL: 'debug', YOUTUBE_URL: youtubeUrl, SECRET_KEY: 'another-secret-key-of-at-least-32-characters' },
      logSink,
    );
    const token = await loginToken(second);
    const requests = fake.requests.length;
    expect((await call(second, token, 'GET')).json()).toEqual(DISABLED);
    expect((await call(second, token, 'POST')).json()).toEqual({ cookie_validated: false });
    expect(fake.requests).toHaveLength(requests);
    const warnings = logs.slice(logged).filter((l) => l.includes('does not decrypt with the current SECRET_KEY'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.filter((l) => l.includes(CANARY))).toEqual([]);

    expect((await call(second, token, 'PUT')).statusCode).toBe(200);
    expect((await call(second, token, 'GET')).json()).toMatchObject({ cookie_enabled: true, status: true });
  });
});

describe('what the cookie tests logged and answered', () => {
  it('never shows the cookie in a response or a log line (debug level)', () => {
    expect(bodies.length).toBeGreaterThan(40);
    expect(bodies.filter((body) => body.includes(CANARY))).toEqual([]);
    // The capture works: it holds the request lines and the cookie's own log lines.
    expect(logs.some((l) => l.includes('"msg":"request"') && l.includes('/api/cookie/'))).toBe(true);
    expect(logs.some((l) => l.includes('YouTube cookie imported and valid'))).toBe(true);
    expect(logs.some((l) => l.includes('YouTube cookie import refused'))).toBe(true);
    expect(logs.filter((l) => l.includes(CANARY) || l.includes('SID=good') || l.includes('SID\\tgood'))).toEqual([]);
  });
});
