// One HTTP scenario under load: autocannon (a warm-up run that is thrown away, then the measured run),
// with the server's CPU use and the machine's over the measured run; the same request from one
// connection, timed request by request; and one raw request, to capture an answer's exact bytes.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** Busy and total jiffies of the whole machine (/proc/stat's first line). */
function machineTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('error', () => undefined);
  });
}

/**
 * Runs `request` against `base` with `connections` for `seconds` after `warmupSeconds`.
 * `server` (a Child) is sampled for CPU seconds. Returns req/s, latency percentiles (ms) and errors.
 */
export async function measure({ base, request, connections, seconds, warmupSeconds, server }) {
  const options = {
    url: base + request.path,
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    body: request.body,
    connections,
    pipelining: 1,
    timeout: 30,
  };
  if (warmupSeconds > 0) await cannon({ ...options, duration: warmupSeconds });
  const cpuBefore = server?.cpuSeconds();
  const machineBefore = machineTicks();
  const started = process.hrtime.bigint();
  const result = await cannon({ ...options, duration: seconds });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const machineAfter = machineTicks();
  const cpuAfter = server?.cpuSeconds();
  const machineBusy = machineBefore && machineAfter ? (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total) : NaN;
  return {
    rps: result.requests.average,
    totalRequests: result.requests.total,
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : NaN,
    mean: result.latency.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds: elapsed,
    connections,
    serverCpu: server ? (cpuAfter - cpuBefore) / elapsed : NaN, // cores used by the server process
    machineBusy, // fraction of all cores busy (everything: server, Postgres, load generator, others)
  };
}

/** One request over a fresh socket: status, headers and the raw body bytes (nothing decoded). */
export function fetchRaw(base, request) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + request.path, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * `request` sent over one keep-alive connection, one at a time, for `seconds` (after
 * `warmupSeconds` thrown away). Each request is timed with the monotonic clock, so sub-millisecond
 * service times keep their digits (autocannon's percentiles are whole milliseconds).
 */
export async function measureSerial({ base, request, seconds, warmupSeconds, server }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base + request.path);
  const once = () =>
    new Promise((resolve) => {
      const req = http.request(url, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end(request.body);
    });
  try {
    const warmUntil = performance.now() + warmupSeconds * 1000;
    while (performance.now() < warmUntil) await once();
    const times = [];
    let non2xx = 0;
    let errors = 0;
    const cpuBefore = server?.cpuSeconds();
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      const t0 = performance.now();
      const status = await once();
      times.push(performance.now() - t0);
      if (status === 0) errors++;
      else if (status < 200 || status >= 300) non2xx++;
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = server?.cpuSeconds();
    times.sort((a, b) => a - b);
    return {
      rps: times.length / elapsed,
      totalRequests: times.length,
      mean: times.reduce((a, b) => a + b, 0) / (times.length || 1),
      p50: percentile(times, 50),
      p90: percentile(times, 90),
      p99: percentile(times, 99),
      max: times[times.length - 1] ?? NaN,
      errors,
      non2xx,
      seconds: elapsed,
      connections: 1,
      serverCpu: server ? (cpuAfter - cpuBefore) / elapsed : NaN,
    };
  } finally {
    agent.destroy();
  }
}
