// One HTTP scenario under load: autocannon (a warm-up run that is thrown away, then the measured run),
// with the server's CPU use and the machine's over the measured run.
import { readFileSync } from 'node:fs';
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
