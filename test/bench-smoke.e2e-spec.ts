import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { TEST_DATABASE_URL, TEST_REDIS_URL, testRunId } from './support/env.js';

// The benchmark harness in its quick mode (bench/run.mjs): it must run to the end and
// report every scenario. Its numbers are not checked here: speed is measured by `npm run bench`,
// never asserted by tests.
jest.setTimeout(300_000);

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function runBench(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench (BENCH_QUICK=1)', () => {
  let report: string;
  let chart: string;
  let run: { code: number | null; output: string };

  beforeAll(async () => {
    // The last smoke run's report stays in the git-ignored reports/ for a look; no tracked file is written.
    const dir = join(ROOT, 'reports');
    mkdirSync(dir, { recursive: true });
    const output = join(dir, 'bench-smoke.md');
    chart = join(dir, 'bench-smoke-growth.svg');
    rmSync(output, { force: true });
    rmSync(chart, { force: true });
    run = await runBench({
      BENCH_QUICK: '1',
      BENCH_OUTPUT: output,
      // Under the test run's prefix, so the global teardown drops it if this file dies midway.
      BENCH_DATABASE: `tv_t_${testRunId()}_bench`,
      BENCH_PG_URL: TEST_DATABASE_URL,
      BENCH_REDIS_URL: TEST_REDIS_URL,
      // Tests reach no network: without the Debian packages the DRF row is skipped, not installed.
      BENCH_DRF_INSTALL: '0',
    });
    report = run.code === 0 ? readFileSync(output, 'utf8') : '';
  });

  it('runs to the end and writes the report where BENCH_OUTPUT says', () => {
    if (run.code !== 0) throw new Error(`bench exited with ${run.code}:\n${run.output}`);
    expect(report).toMatch(/^# Benchmarks/);
    expect(report).toContain('quick mode');
    expect(report).toMatch(/^\*\*\d+ of 23 targets met\*\*/m);
  });

  it('reports the machine', () => {
    for (const row of ['cores', 'Node', 'PostgreSQL', 'Redis']) expect(report).toMatch(new RegExp(`^\\| ${row} \\| \\S`, 'm'));
  });

  it('has a row with numbers for both baselines and every HTTP scenario', () => {
    const rows = [
      'baseline: bare Nest+Fastify, static JSON',
      'baseline: bare Nest+Fastify+pg, primary-key lookup',
      '`GET /api/ping/`, Bearer JWT',
      '`GET /api/v1/auth/preferences`, scoped token',
      '`GET /api/v1/auth/feed?max_results=40` (page 1',
      '`GET /api/v1/auth/feed?max_results=40&page=50`',
      '`GET /api/search/?query=music` (common word)',
      '`GET /api/search/?query=zephyrine` (rare word)',
      '`GET /api/search/?query="live concert"` (two-word phrase)',
      '`GET /api/v1/auth/playlists/:id` (500 videos)',
      'payload-matched: bare Fastify, the ping answer',
      'payload-matched: bare Fastify, the search-common answer',
    ];
    for (const label of rows) {
      const line = report.split('\n').find((l) => l.startsWith(`| ${label}`));
      if (!line) throw new Error(`no row for ${label}`);
      // req/s, p50 and p99 are numbers; no request failed.
      const [, , rps, p50, p99] = line.split('|').map((cell) => cell.trim());
      expect(rps).toMatch(/^[\d,]+$/);
      expect(p50).toMatch(/^[\d,.]+$/);
      expect(p99).toMatch(/^[\d,.]+$/);
    }
  });

  it('measures both repetitions, and the DRF row or says why it was skipped', () => {
    expect(report).toContain('### Repetition 1 of 2');
    expect(report).toContain('### Repetition 2 of 2');
    const drf = report.split('\n').filter((l) => l.startsWith("| TubeArchivist's stack"));
    expect(drf).toHaveLength(2);
    for (const line of drf) expect(line.split('|')[2].trim()).toMatch(/^([\d,]+|skipped: .+)$/);
  });

  it('measures feed and search at three catalog sizes and draws them', () => {
    const growth = report.slice(report.indexOf('## Growth'), report.indexOf('\n## ', report.indexOf('## Growth') + 1));
    expect(growth).toContain('](bench-smoke-growth.svg)');
    for (const id of ['feed-1', 'search-rare', 'search-phrase', 'search-common'])
      expect(growth).toMatch(new RegExp(`^\\| ${id} \\| [\\d.,]+ / [\\d.,]+ \\| [\\d.,]+ / [\\d.,]+ \\| [\\d.,]+ / [\\d.,]+ \\| [\\d.,]+× \\|`, 'm'));
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(8);
  });

  it('reports the refresh, the notifications and a verdict for every target', () => {
    expect(report).toMatch(/every request answered 200 \*\*[\d,]+ ms\*\*/);
    expect(report).toMatch(/^\| 1 \| [\d,]+ \/ [\d,]+ \| [\d.,]+ ms/m);
    expect(report).toMatch(/KiB per connection/);
    const targets = report.slice(report.indexOf('## Targets'), report.indexOf('\n## ', report.indexOf('## Targets') + 1));
    const verdicts = targets.split('\n').filter((line) => /\| (met|\*\*missed\*\*) \|$/.test(line));
    expect(verdicts).toHaveLength(23);
  });

  it('includes EXPLAIN (ANALYZE, BUFFERS) of the feed (pages 1 and 50) and the search', () => {
    expect(report).toContain('### feed, max_results=40, page 1');
    expect(report).toContain('### feed, max_results=40, page 50');
    expect(report).toMatch(/### search music \(common\): videos/);
    expect(report.match(/Execution Time: [\d.]+ ms/g)?.length).toBeGreaterThanOrEqual(6);
    expect(report).toMatch(/Buffers: shared \w+=/);
  });
});
