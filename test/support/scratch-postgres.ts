import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './redis-server.js';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries installed the Debian way (/usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql; .ci/run does)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * Postgres refuses to run as root: as root, its commands run as the `postgres` user through
 * setpriv, which execs in place (no intermediate process), so signals reach the server itself.
 */
const asRoot = userInfo().uid === 0;
const command = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', bin, ...args]] : [bin, args];

/**
 * A throwaway PostgreSQL server on a free loopback port, in a temporary directory, that a test may
 * stop and start at will. The machine's server (127.0.0.1:5432), which other test files share, is
 * never touched. fsync is off (a crash of the machine is not what these tests are about).
 */
export class ScratchPostgres {
  private server?: ChildProcess;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async create(): Promise<ScratchPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'tubevault-pg-'));
    if (asRoot) {
      const { uid, gid } = await run('id', ['-u', 'postgres']).then(async ({ stdout }) => ({
        uid: Number(stdout),
        gid: Number((await run('id', ['-g', 'postgres'])).stdout),
      }));
      chownSync(dir, uid, gid);
    }
    const pg = new ScratchPostgres(dir, await freePort(), binDir());
    const [cmd, args] = command(`${pg.bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    await run(cmd, args);
    return pg;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get running(): boolean {
    return !!this.server && this.server.exitCode === null && this.server.signalCode === null;
  }

  /** Starts the server in the foreground of a child process and waits until it accepts connections. */
  async start(): Promise<void> {
    const [cmd, args] = command(`${this.bin}/postgres`, [
      '-D',
      `${this.dir}/data`,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.dir}`,
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'log_min_messages=fatal',
    ]);
    const server = spawn(cmd, args, { stdio: 'ignore' });
    this.server = server;
    await waitForPort(this.port, 30_000);
    // The port opens before the server takes queries.
    const [isready, readyArgs] = command(`${this.bin}/pg_isready`, ['-h', '127.0.0.1', '-p', String(this.port), '-q']);
    for (let i = 0; i < 100; i++) {
      if (
        await run(isready, readyArgs).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('scratch PostgreSQL did not become ready');
  }

  /** `fast` ends every session at once (clients see their connections terminated), as a restart does. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    // SIGINT is "fast" shutdown, SIGQUIT "immediate" (postgres(1)).
    server.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
