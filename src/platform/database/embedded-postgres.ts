import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One process at a time may own an embedded database: PGlite has no multi-process locking, and two
 * writers would corrupt it. The lock file holds the owner's pid; a stale lock (dead pid) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, 'tubevault.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `The embedded database in ${dir} is in use by process ${owner}. Stop that process, or set DATABASE_URL to share a PostgreSQL server between processes.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${lockPath}`);
}

/** Starts PGlite (files under `<dataDir>/pgdata`) in a child process, reachable by the `pg` driver. */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  const script = fileURLToPath(new URL('./pglite-server.js', import.meta.url));
  let child: ChildProcess;
  try {
    child = fork(script, [join(dir, 'pgdata'), String(maxConnections)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const hostPort = await new Promise<string>((resolveReady, reject) => {
      child.once('message', (message: { ready?: string }) => (message.ready ? resolveReady(message.ready) : reject(new Error('bad message'))));
      child.once('exit', (code) => reject(new Error(`the embedded database process exited with code ${code} before it was ready`)));
    });
    const url = `postgres://postgres:postgres@${hostPort}/postgres`;
    return {
      url,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.send('stop');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
