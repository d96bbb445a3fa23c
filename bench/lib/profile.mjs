// Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`) over a time window: self time by
// function and by module (package under node_modules, tubevault source file, node internals).
// Samples are timed on CLOCK_MONOTONIC in µs, the clock of process.hrtime, so a window measured in
// the bench process selects the samples of one scenario.
import { readFileSync } from 'node:fs';

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function moduleOf(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(src\/.+?)\.js$/.exec(url);
  if (own) return own[1];
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url) {
  if (!url) return '';
  const pkg = /node_modules\/(.+)$/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return own[1];
  return url.replace(/^file:\/\//, '');
}

export function summariseProfile(path, windows) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Array(profile.samples.length);
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    times[i] = t;
  }
  return windows.map(({ name, fromUs, toUs }) => {
    const byFunction = new Map();
    const byModule = new Map();
    let total = 0;
    let idle = 0;
    let gc = 0;
    let program = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < fromUs || times[i] > toUs) continue;
      total++;
      const { callFrame } = nodes.get(profile.samples[i]);
      const fn = callFrame.functionName || '(anonymous)';
      if (fn === '(idle)') idle++;
      else if (fn === '(garbage collector)') gc++;
      else if (fn === '(program)') program++;
      if (SPECIAL.has(fn)) continue;
      const key = `${fn} ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
      const module = moduleOf(callFrame.url);
      byModule.set(module, (byModule.get(module) ?? 0) + 1);
    }
    const top = (map, n) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([key, count]) => ({ key, share: total ? count / total : 0 }));
    return {
      name,
      samples: total,
      idle: total ? idle / total : 0,
      gc: total ? gc / total : 0,
      program: total ? program / total : 0,
      functions: top(byFunction, 12),
      modules: top(byModule, 8),
    };
  });
}
