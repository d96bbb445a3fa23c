import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisServerMissingError extends Error {
  constructor() {
    super(
      'REDIS_URL is not set and no redis-server was found on PATH. Install one (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((r) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.end(), r(true)));
      socket.once('error', () => r(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * A private redis-server for `npm start` without REDIS_URL: loopback only, on a free port, its
 * append-only file under `<dataDir>/redis` so queued jobs survive a restart like the database does.
 */
export async function startEmbeddedRedis(dataDir: string): Promise<EmbeddedRedis> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error) throw new RedisServerMissingError();
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // Last resort: whatever way this process exits (an uncaught error, process.exit on a failed
  // start), the private server does not outlive it. SIGTERM lets redis-server flush its AOF.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  try {
    await waitForPort(port, child, 10_000);
  } catch (error) {
    killOnExit();
    process.removeListener('exit', killOnExit);
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
