import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { AUDIT_EVENT_TYPES } from '../src/platform/audit/audit.service.js';
import { ADMIN, ADMIN_ENV, bearer, loginToken } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(60_000);

const CAROL = { username: 'carol', password: 'carol password 1' };
const COOKIE_CANARY = 'zz9-audit-cookie-canary';
const cookieFile = (sid: string) =>
  [
    '# Netscape HTTP Cookie File',
    '',
    ['.youtube.com', 'TRUE', '/', 'TRUE', '0', 'SID', sid].join('\t'),
    ['.youtube.com', 'TRUE', '/', 'TRUE', '0', 'CANARY', COOKIE_CANARY].join('\t'),
  ].join('\n');

/** A YouTube that is signed in exactly when the cookie holds SID=good. */
function fakeYoutube(): Server {
  return createServer((req, res) => {
    const signedIn = String(req.headers.cookie ?? '')
      .split('; ')
      .includes('SID=good');
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<script>ytcfg.set({"LOGGED_IN":${signedIn}})</script>`);
  });
}

/** nestjs-pino keeps the first app's logger for the process: this file's only app writes here. */
const logs: string[] = [];
const logSink: DestinationStream = { write: (chunk: string) => void logs.push(chunk) };

interface AuditRow {
  id: string;
  type: string;
  actor_user_id: number | null;
  target: string | null;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

describe('the audit log (audit_events, the JSON log, GET /api/audit/)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let youtube: Server;
  let adminJwt: string;
  /** Every credential and secret the journey handled: none may reach the audit log. */
  const secrets: string[] = [ADMIN.password, CAROL.password, COOKIE_CANARY];

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = bearer(adminJwt)) =>
    app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    youtube = fakeYoutube();
    await new Promise<void>((resolve) => youtube.listen(0, '127.0.0.1', resolve));
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, LOG_LEVEL: 'info', YOUTUBE_URL: `http://127.0.0.1:${(youtube.address() as AddressInfo).port}` }, logSink);
    db = world.db();
  });
  afterAll(async () => {
    await world.close();
    youtube.closeAllConnections();
    await new Promise((resolve) => youtube.close(resolve));
  });

  it('records every event type after its action, with actor, target, IP and request id, and nothing secret', async () => {
    const adminId = (await db.query('SELECT id FROM users WHERE username = $1', [ADMIN.username])).rows[0].id as number;
    expect((await app.inject({ method: 'POST', url: '/api/login/', payload: { username: ADMIN.username, password: 'wrong password' } })).statusCode).toBe(400);
    adminJwt = await loginToken(app);
    const failedBrowser = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=admin&password=nope-nope',
    });
    expect(failedBrowser.statusCode).toBe(401);
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);

    const created = await call('POST', '/api/users/', CAROL, { ...bearer(adminJwt), 'x-request-id': 'req-create-carol' });
    expect(created.statusCode).toBe(201);
    const carolId = created.json().id as number;
    const carolJwt = await loginToken(app, CAROL.username, CAROL.password);
    const minted = await call('POST', '/api/v1/auth/tokens/register', { scopes: ['GET:feed'] }, bearer(carolJwt));
    expect(minted.statusCode).toBe(200);
    const mintedSession = JSON.parse(minted.body).session as string;
    expect((await call('POST', '/api/v1/auth/tokens/unregister', { session: mintedSession }, bearer(carolJwt))).statusCode).toBe(204);

    expect((await call('PUT', '/api/cookie/', { cookie: cookieFile('good') })).statusCode).toBe(200);
    expect((await call('DELETE', '/api/cookie/')).statusCode).toBe(204);
    expect((await call('PUT', '/api/cookie/', { cookie: cookieFile('bad') })).statusCode).toBe(400);
    // No upstream is configured: both admin actions are refused with 503, and audited as failed.
    expect((await call('POST', '/api/refresh/', { video: ['aaaaaaaaaaa'] })).statusCode).toBe(503);
    expect((await call('POST', '/api/download/', { data: [{ youtube_id: 'aaaaaaaaaaa', status: 'pending' }] })).statusCode).toBe(503);
    expect((await call('DELETE', `/api/users/${carolId}/`)).statusCode).toBe(204);
    const sessionIds = (await db.query('SELECT id FROM sessions')).rows.map((row) => row.id as string);
    secrets.push(adminJwt, carolJwt, minted.body, mintedSession, sid.slice('SID='.length), ...sessionIds);

    const rows: AuditRow[] = (await db.query('SELECT id, type, actor_user_id, target, ip, request_id, details FROM audit_events ORDER BY id')).rows;
    expect(new Set(rows.map((row) => row.type))).toEqual(new Set(AUDIT_EVENT_TYPES));
    const find = (type: string, details: Record<string, unknown> = {}) =>
      rows.filter((row) => row.type === type && Object.entries(details).every(([k, v]) => row.details[k] === v));
    const fromRequest = { ip: '127.0.0.1', request_id: expect.stringMatching(/^[A-Za-z0-9._:-]+$/) };

    expect(find('login.failure', { via: 'ta-api' })).toEqual([
      expect.objectContaining({ actor_user_id: null, target: 'username:admin', details: { via: 'ta-api', reason: 'wrong-credentials' }, ...fromRequest }),
    ]);
    expect(find('login.failure', { via: 'browser' })).toEqual([expect.objectContaining({ actor_user_id: null, target: 'username:admin', ...fromRequest })]);
    expect(find('login.success', { via: 'browser' })).toEqual([expect.objectContaining({ actor_user_id: adminId, target: `user:${adminId}`, ...fromRequest })]);
    expect(find('login.success', { via: 'ta-api' }).map((row) => row.actor_user_id)).toEqual([adminId, carolId]);
    expect(find('user.created', { username: 'carol' })).toEqual([
      expect.objectContaining({
        actor_user_id: adminId,
        target: `user:${carolId}`,
        ip: '127.0.0.1',
        request_id: 'req-create-carol',
        details: { username: 'carol', is_admin: false },
      }),
    ]);
    expect(find('user.deleted')).toEqual([expect.objectContaining({ actor_user_id: adminId, target: `user:${carolId}`, ...fromRequest })]);
    const [mint] = find('token.minted');
    expect(mint).toMatchObject({
      actor_user_id: carolId,
      target: expect.stringMatching(/^token:[0-9a-f]{16}$/),
      details: { scopes: ['GET:feed'], expires_at: null },
    });
    expect(find('token.revoked')).toEqual([
      expect.objectContaining({ actor_user_id: carolId, target: mint.target, details: { kind: 'token', current_session: false } }),
    ]);
    expect(find('cookie.imported')).toEqual([
      expect.objectContaining({ actor_user_id: adminId, target: 'cookie', details: { youtube_cookies: 2, skipped_lines: 0 } }),
    ]);
    expect(find('cookie.revoked')).toEqual([expect.objectContaining({ actor_user_id: adminId, details: { was_stored: true } })]);
    expect(find('cookie.import_refused')).toEqual([
      expect.objectContaining({ details: { reason: expect.stringMatching(/not signed in/), stored_cookie_revoked: false } }),
    ]);
    const actions = find('admin.action').map((row) => [row.actor_user_id, row.details.operation, row.details.outcome, row.details.status ?? null]);
    expect(actions).toEqual([
      [adminId, 'createUser', 'succeeded', null],
      [adminId, 'importCookie', 'succeeded', null],
      [adminId, 'revokeCookie', 'succeeded', null],
      [adminId, 'importCookie', 'failed', 400],
      [adminId, 'postRefresh', 'failed', 503],
      [adminId, 'postDownload', 'failed', 503],
      [adminId, 'deleteUser', 'succeeded', null],
    ]);

    const stored = (await db.query('SELECT row_to_json(a)::text AS line FROM audit_events a')).rows.map((row) => row.line as string).join('\n');
    for (const secret of secrets) expect(stored).not.toContain(secret);

    // The same events as JSON log lines, equally free of secrets.
    type AuditLine = { msg: string; context: string; audit: { type: string; requestId: string | null; details: Record<string, unknown> } };
    const auditLines = logs.filter((line) => line.includes('"audit":')).map((line) => JSON.parse(line) as AuditLine);
    expect(new Set(auditLines.map((line) => line.audit.type))).toEqual(new Set(AUDIT_EVENT_TYPES));
    expect(auditLines.find((line) => line.audit.type === 'user.created' && line.audit.details.username === 'carol')).toMatchObject({
      msg: 'audit: user.created',
      context: 'Audit',
      audit: { requestId: 'req-create-carol', ip: '127.0.0.1' },
    });
    for (const secret of secrets) expect(auditLines.map((line) => JSON.stringify(line)).join('\n')).not.toContain(secret);
  });

  it('GET /api/audit/: admins only, newest first, paged, as documented', async () => {
    // Every answer is checked against the OpenAPI document by TestWorld's `app.inject`.
    const documented = (url: string, headers: Record<string, string> = bearer(adminJwt)) => app.inject({ method: 'GET', url, headers });
    const total = Number((await db.query('SELECT count(*) FROM audit_events')).rows[0].count);
    const first = await documented('/api/audit/?page_size=3');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    // Reading the log is not an event.
    expect(body).toMatchObject({ page: 1, page_size: 3, total });
    const ids = (body.events as { id: number }[]).map((event) => event.id);
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    // The newest event is the journey's last: the admin action that deleted carol.
    expect(body.events[0]).toEqual({
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      type: 'admin.action',
      actor_user_id: expect.any(Number),
      target: null,
      ip: '127.0.0.1',
      request_id: expect.any(String),
      details: expect.objectContaining({ operation: 'deleteUser' }),
    });
    const second = (await call('GET', '/api/audit/?page=2&page_size=3')).json();
    expect(second.events[0].id).toBeLessThan(ids[2]);
    expect((await call('GET', '/api/audit/')).json().page_size).toBe(50);

    for (const query of ['page_size=101', 'page_size=0', 'page=0', 'page=abc', 'type=login.success']) {
      expect({ query, status: (await documented(`/api/audit/?${query}`)).statusCode }).toEqual({ query, status: 400 });
    }
    const user = await call('POST', '/api/users/', { username: 'dave', password: 'dave password 1' });
    expect(user.statusCode).toBe(201);
    const daveJwt = await loginToken(app, 'dave', 'dave password 1');
    expect((await documented('/api/audit/', bearer(daveJwt))).statusCode).toBe(403);
    expect((await documented('/api/audit/', {})).statusCode).toBe(403);
  });
});
