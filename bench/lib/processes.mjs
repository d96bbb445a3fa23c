// The servers under test, each in its own process: tubevault (`node dist/src/main.js`, ROLE=api) and
// the two baselines. Children get the hard file-descriptor limit as their soft limit (`ulimit -n`),
// so the notification scenario can hold thousands of sockets.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const ROOT = new URL('../../', import.meta.url).pathname;

export function fdLimits() {
  const read = (flag) => execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
  const soft = read('-Sn');
  const hard = read('-Hn');
  return { soft: soft === 'unlimited' ? Infinity : Number(soft), hard: hard === 'unlimited' ? Infinity : Number(hard) };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The live processes whose parent is `pid` (a scan of /proc: not every kernel has /proc/<pid>/task/<tid>/children). */
function childPids(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(entry);
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** A child process (node unless `executable` says otherwise) with a raised fd limit; output is kept for error messages. */
export class Child {
  constructor(name, args, env, { nodeOptions = [], ipc = false, executable = process.execPath, cwd = ROOT } = {}) {
    this.name = name;
    this.output = [];
    const command = ['exec', JSON.stringify(executable), ...nodeOptions.map((o) => JSON.stringify(o)), ...args.map((a) => JSON.stringify(a))].join(' ');
    // Raise the soft limit to the hard one where the shell may; failing that, keep the default.
    this.process = spawn('sh', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${command}`], {
      cwd,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
      // An IPC channel survives `exec`: node finds it through NODE_CHANNEL_FD.
      stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        this.output.push(...chunk.split('\n').filter(Boolean));
        if (this.output.length > 500) this.output.splice(0, this.output.length - 500);
      });
    }
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Sends a message over IPC and resolves with the first reply of type `replyType`. */
  ask(message, replyType, timeoutMs = 600_000) {
    return new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        if (reply.type !== replyType) return;
        cleanup();
        resolve(reply);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`${this.name} exited:\n${this.output.join('\n')}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no ${replyType} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.process.off('message', onMessage);
        this.process.off('exit', onExit);
      };
      this.process.on('message', onMessage);
      this.process.once('exit', onExit);
      this.process.send(message);
    });
  }

  get pid() {
    return this.process.pid;
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resident set size in bytes, from /proc (Linux). */
  rss() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
      return kb * 1024;
    } catch {
      return NaN;
    }
  }

  /**
   * user + system CPU seconds used so far by the process and its live child processes (gunicorn's
   * workers), from Linux /proc/<pid>/stat (clock ticks of 1/100 s).
   */
  cpuSeconds() {
    const of = (pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    };
    try {
      let total = of(this.pid);
      for (const pid of childPids(this.pid)) {
        try {
          total += of(pid);
        } catch {
          // exited meanwhile
        }
      }
      return total;
    } catch {
      return NaN;
    }
  }

  async waitHttp(url, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before answering ${url}:\n${this.output.join('\n')}`);
      try {
        const res = await fetch(url);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not answer ${url} within ${timeoutMs} ms:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
    if (!this.running) return this.exited;
    this.process.kill(signal);
    const timer = setTimeout(() => this.running && this.process.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

/** tubevault as `npm start` runs it, API role only (no worker: enqueued jobs stay queued). */
export async function startTubevault({ databaseUrl, redisUrl, redisPrefix, secretKey, nodeOptions = [], name = 'tubevault' }) {
  const port = await freePort();
  const child = new Child(
    name,
    ['dist/src/main.js'],
    {
      ROLE: 'api',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      SECRET_KEY: secretKey,
      LOG_LEVEL: 'warn',
      // POST /api/refresh/ answers 503 without an upstream; nothing is fetched from it (no worker runs).
      UPSTREAM_URL: 'http://127.0.0.1:9',
      // The benchmarks drive one user from many connections to measure the queries, not the per-user limit.
      EXPENSIVE_REQUESTS_PER_USER: '0',
      // Every client of the bench connects from loopback: the notification scenario alone opens 10,000 streams.
      HTTP_MAX_CONNECTIONS_PER_IP: '0',
      // Streams are re-checked at each keep-alive; the default 20 s is kept.
    },
    { nodeOptions },
  );
  const base = `http://127.0.0.1:${port}`;
  await child.waitHttp(`${base}/api/health/`);
  return { child, base, port };
}

export async function startBaseline(script, env = {}) {
  const port = await freePort();
  const child = new Child(script, [`bench/baselines/${script}`], { PORT: String(port), ...env });
  const base = `http://127.0.0.1:${port}`;
  await child.waitHttp(`${base}/health`);
  return { child, base, port };
}
