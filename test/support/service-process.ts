import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTestUpstream } from './env.js';

const MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

/** tubevault started exactly as `npm start` starts it (`node dist/src/main.js`), in a child process. */
export class ServiceProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    // A clean environment: only PATH and what the test passes, so the machine's variables don't leak in;
    // no upstream unless the test sets one.
    this.child = spawn(process.execPath, [MAIN], {
      env: withTestUpstream({ PATH: process.env.PATH ?? '', TZ: 'UTC', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.output.push(...chunk.split('\n').filter(Boolean)));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.output.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null) throw new Error(`exited (${this.child.exitCode}) before ${pattern}:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no output matched ${pattern} within ${timeoutMs} ms:\n${this.output.join('\n')}`);
  }

  /** Sends a signal and resolves with the exit code and how long the exit took. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    if (this.child.exitCode === null) this.child.kill(signal);
    const { code } = await this.exited;
    return { code, ms: Date.now() - started };
  }
}
