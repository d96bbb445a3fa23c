import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from './support/service-process.js';
import { freePort } from './support/redis-server.js';
import { TEST_REDIS_URL } from './support/env.js';
import { TestWorld } from './support/test-app.js';

import { jest } from '@jest/globals';

jest.setTimeout(120_000);

describe('the service as a process (node dist/src/main.js)', () => {
  it('refuses an invalid PORT with one line naming it, and exits non-zero', async () => {
    const service = new ServiceProcess({ PORT: 'abc' });
    const { code } = await service.exited;
    expect(code).not.toBe(0);
    expect(service.output).toHaveLength(1);
    expect(service.output[0]).toMatch(/PORT="abc"/);
  });

  describe('ROLE=api and ROLE=worker side by side on one Postgres and Redis', () => {
    let world: TestWorld;
    beforeAll(async () => {
      world = await TestWorld.create();
    });
    afterAll(() => world.close());

    it('both come up and each exits 0 within 10 s of SIGTERM', async () => {
      const port = await freePort();
      const shared = { DATABASE_URL: world.databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: world.redisPrefix };
      const api = new ServiceProcess({ ...shared, ROLE: 'api', PORT: String(port) });
      const worker = new ServiceProcess({ ...shared, ROLE: 'worker' });
      await api.waitFor(/listening: http:\/\/127\.0\.0\.1:\d+/);
      await worker.waitFor(/worker ready/);
      const res = await fetch(`http://127.0.0.1:${port}/api/health/ready/`);
      expect(res.status).toBe(200);

      const [apiStop, workerStop] = await Promise.all([api.stop(), worker.stop()]);
      expect(apiStop.code).toBe(0);
      expect(workerStop.code).toBe(0);
      expect(apiStop.ms).toBeLessThan(10_000);
      expect(workerStop.ms).toBeLessThan(10_000);
    });
  });

  describe('with no DATABASE_URL and no REDIS_URL (embedded PGlite, private redis-server)', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'tubevault-embedded-'));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('serves health and Swagger UI, and keeps its data across a restart', async () => {
      const port = await freePort();
      const first = new ServiceProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'correct horse battery' });
      await first.waitFor(/listening:/);
      expect((await fetch(`http://127.0.0.1:${port}/api/health/`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/health/ready/`)).status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui');
      const login = () =>
        fetch(`http://127.0.0.1:${port}/api/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
        });
      const firstLogin = await login();
      expect(firstLogin.status).toBe(200);
      const { token } = (await firstLogin.json()) as { token: string };
      const stop = await first.stop();
      expect(stop.code).toBe(0);

      // Restarted without ADMIN_*: the user, their session and the generated secret were stored.
      const second = new ServiceProcess({ DATA_DIR: dataDir, PORT: String(port) });
      await second.waitFor(/listening:/);
      expect((await fetch(`http://127.0.0.1:${port}/api/health/ready/`)).status).toBe(200);
      const ping = await fetch(`http://127.0.0.1:${port}/api/ping/`, { headers: { authorization: `Token ${token}` } });
      expect(ping.status).toBe(200);
      const secondLogin = await login();
      expect(((await secondLogin.json()) as { token: string }).token).toBe(token);
      expect((await second.stop()).code).toBe(0);
    });
  });

  it('a failed start (the port is taken) exits non-zero and leaves no private redis-server behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tubevault-failed-start-'));
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    // Whether anything still accepts connections on the private redis-server's port.
    const answers = (redisPort: number) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(redisPort, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
    try {
      const service = new ServiceProcess({ DATA_DIR: dataDir, PORT: String(port) });
      const line = await service.waitFor(/redis: private redis-server on redis:\/\/127\.0\.0\.1:\d+/);
      const redisPort = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
      const { code } = await service.exited;
      expect(code).not.toBe(0);
      // A killed child may take a moment to go; give it a generous while before judging.
      for (let i = 0; i < 100 && (await answers(redisPort)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await answers(redisPort)).toBe(false);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
