import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { waitForPort } from './redis-server.js';

/** One request of a load run, as the client saw it. */
export interface Sample {
  /** Start and end, ms since the run's epoch (`performance.now()` based). */
  t0: number;
  t1: number;
  target: string;
  kind: string;
  status?: number;
  /** `http 503`, `timeout`, `ECONNREFUSED`…, absent for a 2xx/3xx. */
  error?: string;
  /** The response body of a failure (trimmed), to check its shape. */
  body?: string;
}

export interface PlannedRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Headers of this request only, over the target's (e.g. another credential). */
  headers?: Record<string, string>;
  /** Called with the parsed 2xx body: e.g. records an acknowledged write. */
  onSuccess?: (body: unknown) => void;
}

export const now = () => performance.now();

/**
 * A steady open-loop load: `rate` requests per second spread over the targets, each planned by
 * `plan(i)`, whatever the answers' timing (a slow server gets more concurrent requests, up to
 * `maxInFlight`; beyond that the request is counted as `client backlog`). Loopback only.
 */
export class LoadRun {
  readonly samples: Sample[] = [];
  private inFlight = 0;

  constructor(
    private readonly targets: { name: string; base: string; headers: Record<string, string> }[],
    private readonly rate: number,
    private readonly plan: (i: number, target: string) => PlannedRequest,
    private readonly timeoutMs = 15_000,
    private readonly maxInFlight = 2000,
  ) {}

  /** Runs for `durationMs`, calling `at(ms)` hooks once their time has come; resolves when every request has ended. */
  async run(durationMs: number, hooks: { at: number; run: () => Promise<void> | void }[] = []): Promise<Sample[]> {
    const start = now();
    const pending = new Set<Promise<void>>();
    const hookRuns: Promise<void>[] = [];
    const todo = [...hooks].sort((a, b) => a.at - b.at);
    let sent = 0;
    while (now() - start < durationMs) {
      const elapsed = now() - start;
      while (todo.length && todo[0].at <= elapsed) hookRuns.push(Promise.resolve(todo.shift()!.run()));
      const due = Math.floor((elapsed / 1000) * this.rate);
      while (sent < due) {
        const target = this.targets[sent % this.targets.length];
        const p = this.send(target, this.plan(sent, target.name));
        pending.add(p);
        void p.finally(() => pending.delete(p));
        sent++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(pending);
    await Promise.all(hookRuns);
    return this.samples;
  }

  private async send(target: { name: string; base: string; headers: Record<string, string> }, planned: PlannedRequest): Promise<void> {
    const sample: Sample = { t0: now(), t1: 0, target: target.name, kind: planned.kind };
    this.samples.push(sample);
    if (this.inFlight >= this.maxInFlight) {
      sample.t1 = now();
      sample.error = 'client backlog';
      return;
    }
    this.inFlight++;
    try {
      const res = await fetch(`${target.base}${planned.path}`, {
        method: planned.method,
        headers: { ...target.headers, ...planned.headers, ...(planned.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: planned.body !== undefined ? JSON.stringify(planned.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      sample.status = res.status;
      if (res.status >= 400) {
        sample.error = `http ${res.status}`;
        sample.body = text.slice(0, 300);
      } else if (planned.onSuccess) {
        planned.onSuccess(text ? JSON.parse(text) : undefined);
      }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      sample.error = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name);
    } finally {
      sample.t1 = now();
      this.inFlight--;
    }
  }
}

/** Counts of `error` values (and `ok`), e.g. `{ ok: 3920, 'http 503': 80 }`. */
export function tally(samples: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) counts[s.error ?? 'ok'] = (counts[s.error ?? 'ok'] ?? 0) + 1;
  return counts;
}

export const describeTally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');

/**
 * An EventSource-like client of `GET /api/v1/auth/notifications`: reconnects 200 ms after its stream
 * ends or fails, and keeps when each connection was open and which video ids arrived.
 */
export class NotificationClient {
  /** [opened, closed] of each connection (closed: Infinity while open), ms on the `now()` clock. */
  readonly connections: [number, number][] = [];
  readonly received = new Map<string, number>();
  private req?: ClientRequest;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly path: string,
    private readonly authorization: string,
  ) {}

  start(): void {
    if (this.stopped) return;
    let buffer = '';
    let index = -1;
    const closed = () => {
      if (index >= 0 && this.connections[index][1] === Infinity) this.connections[index][1] = now();
      index = -1;
      if (!this.stopped) setTimeout(() => this.start(), 200);
    };
    const req = httpRequest(
      { host: '127.0.0.1', port: this.port, path: this.path, headers: { authorization: this.authorization, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', closed);
          res.on('error', closed);
          return;
        }
        index = this.connections.push([now(), Infinity]) - 1;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const videoId = (JSON.parse(data.slice(6)) as { videoId?: string }).videoId;
            if (videoId && !this.received.has(videoId)) this.received.set(videoId, now());
          }
        });
        res.on('end', closed);
        res.on('error', closed);
        res.on('aborted', closed);
      },
    );
    req.on('error', closed);
    req.end();
    this.req = req;
  }

  /** Whether a stream was open from `from` through `to`. */
  connectedThroughout(from: number, to: number): boolean {
    return this.connections.some(([opened, closedAt]) => opened <= from && closedAt >= to);
  }

  get isConnected(): boolean {
    return this.connections.length > 0 && this.connections.at(-1)![1] === Infinity;
  }

  stop(): void {
    this.stopped = true;
    this.req?.destroy();
  }
}

/**
 * A redis-server with an append-only file, as deployments run it (docker/compose.yml), so a
 * restart keeps what it acknowledged. `restart` is graceful (SIGTERM: Redis writes its AOF out).
 */
export class PersistentRedis {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}

/** Percentile of numbers (0–100). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
