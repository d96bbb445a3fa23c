import { getQueueToken } from '@nestjs/bull';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type pg from 'pg';
import { QUEUES } from '../src/platform/queue/queues.js';
import { PURGE_EXPIRED_SESSIONS } from '../src/identity/sessions/session-maintenance.js';
import { UsersService } from '../src/identity/users/users.service.js';
import { ADMIN, ADMIN_ENV, bearer, loginToken } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

jest.setTimeout(60_000);

const HTML = { accept: 'text/html,application/xhtml+xml' };
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

describe('the queue dashboard (Bull Board) at /admin/queues', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let refresh: Queue;
  let adminCookie: string;
  let userCookie: string;
  let adminId: number;

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const put = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'PUT', url, headers });

  beforeAll(async () => {
    world = await TestWorld.create();
    // ROLE=api: nothing processes the refresh queue, so the test's failed job stays failed until retried.
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    db = world.db();
    refresh = app.get<Queue>(getQueueToken(QUEUES.refresh));
    await createUser(app, { username: 'bob', password: 'bob password 123', login: false });
    adminCookie = await browserLogin(app, ADMIN.username, ADMIN.password);
    userCookie = await browserLogin(app, 'bob', 'bob password 123');
    adminId = (await app.get(UsersService).findByUsername(ADMIN.username))!.id;
  });
  afterAll(() => world.close());

  it("renders for an admin's browser session, with every queue and the repeatable jobs", async () => {
    const page = await get('/admin/queues', { ...HTML, cookie: adminCookie });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>tubevault queues</title>');
    expect((await get('/admin/queues/static/favicon-32x32.png', { cookie: adminCookie })).statusCode).toBe(200);

    const queues = await get('/admin/queues/api/queues', { cookie: adminCookie });
    expect(queues.statusCode).toBe(200);
    expect((queues.json().queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['maintenance', 'refresh']);

    const schedulers = await get('/admin/queues/api/job-schedulers', { cookie: adminCookie });
    expect(schedulers.statusCode).toBe(200);
    expect(JSON.stringify(schedulers.json())).toContain(PURGE_EXPIRED_SESSIONS);
  });

  it('is 403 for a non-admin session and for anonymous requests (pages, static files and its API)', async () => {
    const token = await loginToken(app);
    const refused: Record<string, string>[] = [
      {},
      { cookie: userCookie },
      { cookie: 'SID=v1:not-a-session' },
      // Admin credentials other than a browser session do not open the dashboard.
      bearer(token),
      { cookie: `SID=${encodeURIComponent((await db.query("SELECT id FROM sessions WHERE kind = 'ta'")).rows[0].id)}` },
    ];
    for (const headers of refused) {
      for (const url of ['/admin/queues', '/admin/queues/queue/refresh', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
        const res = await get(url, headers);
        expect({ url, headers, status: res.statusCode }).toEqual({ url, headers, status: 403 });
        expect(res.body).not.toContain('refresh"');
      }
    }
    const anonymousPage = await get('/admin/queues', HTML);
    expect(anonymousPage.statusCode).toBe(403);
    expect(anonymousPage.body).toContain('href="/login?referer=%2Fadmin%2Fqueues"');
    const userApi = await get('/admin/queues/api/queues', { cookie: userCookie });
    expect(userApi.json()).toEqual({ detail: 'The queue dashboard is for admin accounts only.' });
  });

  it('puts retry and clean actions through the same check, and audits them', async () => {
    await refresh.add('video', { id: 'aaaaaaaaaaa', extractVideos: false }, { jobId: 'video:aaaaaaaaaaa' });
    // Taken as a worker would take it, then failed for good.
    const job = (await refresh.getNextJob())!;
    await job.moveToFailed({ message: 'upstream said no' }, true);
    await job.releaseLock();
    expect(await job.getState()).toBe('failed');
    const retry = '/admin/queues/api/queues/refresh/retry/failed';

    expect((await put(retry, { cookie: userCookie, ...SAME_ORIGIN })).statusCode).toBe(403);
    expect((await put(retry, SAME_ORIGIN)).statusCode).toBe(403);
    expect((await put(retry, { cookie: adminCookie, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await put(retry, { cookie: adminCookie, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(await job.getState()).toBe('failed');

    expect((await put(retry, { cookie: adminCookie, ...SAME_ORIGIN })).statusCode).toBe(200);
    expect(await (await refresh.getJob('video:aaaaaaaaaaa'))!.getState()).toBe('waiting');
    expect((await put('/admin/queues/api/queues/refresh/clean/failed', { cookie: adminCookie, ...SAME_ORIGIN })).statusCode).toBe(200);

    const { rows } = await db.query(
      "SELECT actor_user_id, details FROM audit_events WHERE type = 'admin.action' AND details->>'operation' = 'queueDashboard' ORDER BY id",
    );
    expect(rows).toEqual([
      { actor_user_id: adminId, details: { operation: 'queueDashboard', method: 'PUT', path: retry, outcome: 'succeeded', status: 200 } },
      {
        actor_user_id: adminId,
        details: { operation: 'queueDashboard', method: 'PUT', path: '/admin/queues/api/queues/refresh/clean/failed', outcome: 'succeeded', status: 200 },
      },
    ]);
  });
});
