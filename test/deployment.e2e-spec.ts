import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { MIGRATIONS } from '../src/platform/database/migrations.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { databaseUrl, TEST_DATABASE_URL, TEST_REDIS_URL, testRunId } from './support/env.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { freePort } from './support/redis-server.js';
import { RoundRobinProxy } from './support/round-robin-proxy.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(180_000);

/** The docker/compose.yml topology as processes: `count` api replicas (on free ports) and one worker. */
async function startTopology(env: Record<string, string>, apiCount: number): Promise<{ apis: ServiceProcess[]; ports: number[]; worker: ServiceProcess }> {
  const ports = await Promise.all(Array.from({ length: apiCount }, () => freePort()));
  // All at once, as `docker compose up` starts them.
  const apis = ports.map((port) => new ServiceProcess({ ...env, ROLE: 'api', PORT: String(port) }));
  const worker = new ServiceProcess({ ...env, ROLE: 'worker' });
  return { apis, ports, worker };
}

async function stopAll(processes: ServiceProcess[]): Promise<void> {
  const stopped = await Promise.all(processes.map((p) => p.stop()));
  for (const { code } of stopped) expect(code).toBe(0);
}

describe('the production topology (docker/compose.yml) as processes', () => {
  let world: TestWorld;
  let upstream: FakeUpstream;
  let emptyDatabase: string | undefined;
  const channel = fakeChannel(7, 4);

  beforeAll(async () => {
    world = await TestWorld.create();
    upstream = await FakeUpstream.start([channel]);
  });
  afterAll(async () => {
    await world.close();
    await upstream.close();
    if (emptyDatabase) {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${emptyDatabase} WITH (FORCE)`).finally(() => admin.end());
    }
  });

  it('2 api replicas behind a round-robin proxy and 1 worker serve a user journey', async () => {
    const env = {
      ...ADMIN_ENV,
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: world.redisPrefix,
      UPSTREAM_URL: upstream.url,
      TRUST_PROXY: 'true',
    };
    const { apis, ports, worker } = await startTopology(env, 2);
    const proxy = await RoundRobinProxy.start(ports);
    try {
      await Promise.all([...apis.map((api) => api.waitFor(/listening:/, 60_000)), worker.waitFor(/worker ready/, 60_000)]);
      const call = async (method: string, path: string, authorization?: string, body?: unknown) => {
        const headers: Record<string, string> = {
          ...(authorization ? { authorization } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        };
        const res = await fetch(`${proxy.url}${path}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, text };
      };
      const login = async (username: string, password: string) => {
        const res = await call('POST', '/api/login/', undefined, { username, password });
        expect(res.status).toBe(200);
        return `Bearer ${res.body!.token as string}`;
      };

      const admin = await login(ADMIN.username, ADMIN.password);
      expect((await call('POST', '/api/users/', admin, { username: 'alice', password: 'alice password 1' })).status).toBe(201);
      const alice = await login('alice', 'alice password 1');
      // Every replica knows the session the other one created.
      for (let i = 0; i < 4; i++) expect((await call('GET', '/api/ping/', alice)).status).toBe(200);

      // An api replica fetches the channel at once; the worker refreshes its videos through the queue.
      expect((await call('POST', `/api/v1/auth/subscriptions/${channel.id}`, alice)).status).toBe(204);
      const feed = await waitFor(
        'the worker to refresh the channel',
        async () => {
          const res = await call('GET', '/api/v1/auth/feed', alice);
          // New uploads come first in `notifications`, the rest in `videos`: together, the page.
          const videos = [...((res.body?.notifications ?? []) as { videoId: string }[]), ...((res.body?.videos ?? []) as { videoId: string }[])];
          return videos.length === channel.videos.length && videos;
        },
        30_000,
      );
      expect(feed.map((video) => video.videoId).sort()).toEqual(channel.videos.map((video) => video.id).sort());

      const created = await call('POST', '/api/v1/auth/playlists', alice, { title: 'Through the proxy', privacy: 'private' });
      expect(created.status).toBe(201);
      const playlist = created.body!.playlistId as string;
      expect((await call('POST', `/api/v1/auth/playlists/${playlist}/videos`, alice, { videoId: channel.videos[0].id })).status).toBe(201);
      for (let i = 0; i < 2; i++)
        expect((await call('GET', `/api/v1/auth/playlists/${playlist}`, alice)).body).toMatchObject({ title: 'Through the proxy', videoCount: 1 });

      // A token revoked through one replica stops working on both (the revocation travels over Redis).
      const minted = await call('POST', '/api/v1/auth/tokens/register', alice, { scopes: ['GET:feed'] });
      expect(minted.status).toBe(200);
      const token = `Bearer ${encodeURIComponent(minted.text)}`;
      for (let i = 0; i < 2; i++) expect((await call('GET', '/api/v1/auth/feed', token)).status).toBe(200);
      const session = (JSON.parse(minted.text) as { session: string }).session;
      expect((await call('POST', '/api/v1/auth/tokens/unregister', alice, { session })).status).toBe(204);
      await waitFor(
        'both replicas to refuse the revoked token',
        async () => (await call('GET', '/api/v1/auth/feed', token)).status === 403 && (await call('GET', '/api/v1/auth/feed', token)).status === 403,
        5000,
      );

      // The audit log saw the client's address as the proxy forwarded it (TRUST_PROXY).
      const audit = await call('GET', '/api/audit/?page_size=100', admin);
      expect(audit.status).toBe(200);
      const events = audit.body!.events as { type: string; ip: string | null }[];
      expect(events.find((event) => event.type === 'user.created' && event.ip !== null)).toMatchObject({ ip: '127.0.0.1' });

      expect(proxy.hits.every((hits) => hits >= 5)).toBe(true);
    } finally {
      await proxy.close();
      await stopAll([...apis, worker]);
    }
  });

  it('3 processes starting at once on an empty database run the migrations exactly once, and all come up', async () => {
    emptyDatabase = `tv_t_${testRunId()}_fresh_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${emptyDatabase}`).finally(() => admin.end());

    const env = { DATABASE_URL: databaseUrl(emptyDatabase), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${world.redisPrefix}:fresh`, LOG_LEVEL: 'info' };
    const { apis, ports, worker } = await startTopology(env, 2);
    const all = [...apis, worker];
    try {
      await Promise.all([...apis.map((api) => api.waitFor(/listening:/, 60_000)), worker.waitFor(/worker ready/, 60_000)]);
      for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/api/health/ready/`)).status).toBe(200);

      const db = new pg.Client({ connectionString: databaseUrl(emptyDatabase) });
      await db.connect();
      try {
        const { rows } = await db.query('SELECT name FROM migrations ORDER BY id');
        expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
      } finally {
        await db.end();
      }
      // One process applied them (holding the advisory lock); the others waited and found nothing to do.
      const appliers = all.filter((p) => p.output.some((line) => line.includes('migrations applied:')));
      const upToDate = all.filter((p) => p.output.some((line) => line.includes('schema up to date')));
      expect([appliers.length, upToDate.length]).toEqual([1, 2]);
    } finally {
      await stopAll(all);
    }
  });
});
