import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  describe('start-up lines', () => {
    const MAIN = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));
    let world: TestWorld;
    let dataDir: string;
    beforeAll(async () => {
      world = await TestWorld.create();
      dataDir = mkdtempSync(join(tmpdir(), 'tubevault-tty-'));
    });
    afterAll(async () => {
      await world.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /**
     * `node dist/src/main.js` on a pseudo-terminal (util-linux `script`), in a clean environment:
     * the lines it printed up to and including the first that matches `until`, without colours.
     * The service is then stopped (SIGTERM through `script`).
     */
    async function startOnTerminal(env: Record<string, string>, until: RegExp): Promise<string[]> {
      const child: ChildProcess = spawn('script', ['-qec', `exec ${process.execPath} ${MAIN}`, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const lines = () =>
        output
          // eslint-disable-next-line no-control-regex
          .replace(/\x1b\[[0-9;]*m/g, '')
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '');
      try {
        const deadline = Date.now() + 100_000;
        while (!lines().some((line) => until.test(line))) {
          if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}):\n${output}`);
          if (Date.now() > deadline) throw new Error(`no line matched ${until}:\n${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const all = lines();
        return all.slice(0, all.findIndex((line) => until.test(line)) + 1);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    }

    it('with no configuration: fewer than 15 readable lines up to "listening", saying what runs, where the data is, the upstream and what to do next', async () => {
      const port = await freePort();
      const lines = await startOnTerminal({ DATA_DIR: dataDir, PORT: String(port) }, /next: /);
      const upToListening = lines.slice(0, lines.findIndex((line) => /listening: /.test(line)) + 1);
      expect(upToListening.length).toBeGreaterThan(3);
      expect(upToListening.length).toBeLessThan(15);
      // One readable line per event: time, level, message; no JSON.
      for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN): \S/);
      expect(lines.join('\n')).not.toMatch(/InstanceLoader|RouterExplorer|RoutesResolver|Mapped \{/);
      const text = lines.join('\n');
      expect(text).toMatch(/tubevault \d+\.\d+\.\d+: HTTP API and background jobs in one process \(ROLE=all\)/);
      expect(text).toContain(`database: embedded PostgreSQL (PGlite), files in ${dataDir}/pgdata`);
      expect(text).toMatch(/redis: private redis-server on redis:\/\/127\.0\.0\.1:\d+/);
      expect(text).toContain(
        'upstream: YouTube channel feeds at https://www.youtube.com/ (the default; set UPSTREAM_URL to use an Invidious instance, UPSTREAM=none to turn refreshes off)',
      );
      expect(text).toContain(`listening: http://127.0.0.1:${port} (open it in a browser`);
      expect(lines.at(-1)).toMatch(
        /next: no users yet\. Restart with ADMIN_USERNAME and ADMIN_PASSWORD set, or run `npm run cli -- users:create <name> --admin`/,
      );
    });

    it("LOG_FORMAT=json gives JSON lines on a terminal too, and Nest's per-module and per-route lines only at debug", async () => {
      const port = await freePort();
      const env = { DATABASE_URL: world.databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: world.redisPrefix, PORT: String(port), UPSTREAM: 'none' };
      const lines = await startOnTerminal({ ...env, LOG_FORMAT: 'json' }, /listening: /);
      const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string; context?: string });
      expect(records.map((r) => r.msg)).toContainEqual(expect.stringMatching(/^upstream: none \(UPSTREAM=none\)/));
      expect(records.filter((r) => ['InstanceLoader', 'RouterExplorer', 'RoutesResolver'].includes(r.context ?? ''))).toEqual([]);

      const debug = await startOnTerminal({ ...env, PORT: String(await freePort()), LOG_FORMAT: 'json', LOG_LEVEL: 'debug' }, /listening: /);
      const detail = debug
        .map((line) => JSON.parse(line) as { level: number; context?: string })
        .filter((r) => ['InstanceLoader', 'RouterExplorer', 'RoutesResolver'].includes(r.context ?? ''));
      expect(detail.length).toBeGreaterThan(20);
      expect(new Set(detail.map((r) => r.level))).toEqual(new Set([20]));
    });

    it('LOG_FORMAT=pretty gives readable lines without a terminal', async () => {
      const port = await freePort();
      const service = new ServiceProcess({
        DATABASE_URL: world.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: world.redisPrefix,
        PORT: String(port),
        LOG_FORMAT: 'pretty',
      });
      try {
        expect(await service.waitFor(/listening: /)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: listening: http:\/\/127\.0\.0\.1:\d+ /);
        await fetch(`http://127.0.0.1:${port}/api/health/`);
        expect(await service.waitFor(/GET \/api\/health\//)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/health\/ 200 \([\d.]+ ms\)/);
      } finally {
        expect((await service.stop()).code).toBe(0);
      }
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
