// `npm run bench`: seeds a fresh database and grows its catalog in steps (measuring feed and search at
// each size), starts tubevault (ROLE=api) and its baselines (bare Nest static and pg, bare Fastify
// serving tubevault's own answers, TubeArchivist's DRF stack), drives every scenario twice with
// autocannon, profiles the scenarios that miss their target, and writes docs/benchmarks.md with
// docs/benchmarks-growth.svg (or $BENCH_OUTPUT). `BENCH_QUICK=1` is the small version, which
// writes reports/benchmarks-quick.md (git-ignored) instead.
// Plain ESM run by node: nothing to compile; tubevault itself runs from dist/ (`npm run build` first).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { config, PASSWORD } from './lib/config.mjs';
import { explainFeed, explainSearch } from './lib/explain.mjs';
import { ensureDrfPackages, startDrf, dropDrfDatabase, DRF_THREADS, DRF_WORKERS } from './lib/drf.mjs';
import { GROWTH_LABELS, growthChart } from './lib/growth-chart.mjs';
import { fetchRaw, measure, measureSerial } from './lib/load.mjs';
import { machineInfo } from './lib/machine.mjs';
import { notificationsScenario } from './lib/notifications.mjs';
import { fdLimits, startBaseline, startTubevault } from './lib/processes.mjs';
import { summariseProfile } from './lib/profile.mjs';
import { renderReport } from './lib/report.mjs';
import { databaseUrl, dropDatabase, finishSeed, growVideos, migrate, recreateDatabase, SEARCH_TERMS, seed } from './lib/seed.mjs';

const runStarted = Date.now();
const loadAtStart = loadavg();
const log = (line) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((Date.now() - runStarted) / 1000).toFixed(0)} s`;

if (!existsSync(new URL('../dist/src/main.js', import.meta.url))) {
  process.stderr.write('bench: dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}

const redisPrefix = `tvbench-${process.pid}-${randomBytes(3).toString('hex')}`;
const secretKey = randomBytes(32).toString('hex');
const dbUrl = databaseUrl(config);
const children = [];
let cleaningUp = false;
let payloadDir = null;
let drfStarted = false;

async function cleanup() {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const child of children) await child.stop().catch(() => undefined);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    log(`bench: could not remove Redis keys ${redisPrefix}:*: ${error.message}`);
  } finally {
    redis.disconnect();
  }
  if (payloadDir) rmSync(payloadDir, { recursive: true, force: true });
  if (!config.keepDatabase) {
    await dropDatabase(config).catch((error) => log(`bench: could not drop ${config.database}: ${error.message}`));
    if (drfStarted) await dropDrfDatabase(config).catch((error) => log(`bench: could not drop the DRF database: ${error.message}`));
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`bench: ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

async function json(res) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One request outside the load run: the scenario answers 200; its exact bytes are kept for the payload-matched baseline. */
async function capture(base, request, describe) {
  const res = await fetchRaw(base, request);
  const text = res.body.toString('utf8');
  if (res.status !== 200) throw new Error(`${request.path}: ${res.status} ${text.slice(0, 300)}`);
  return { checked: describe(JSON.parse(text)), contentType: res.headers['content-type'] ?? 'application/octet-stream', body: res.body };
}

const settle = () => new Promise((r) => setTimeout(r, config.settleSeconds * 1000));
const kilo = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

async function main() {
  const limits = fdLimits();
  log(`bench: ${config.quick ? 'QUICK' : 'full'} run, database ${config.database}, Redis prefix ${redisPrefix}`);

  // 1. Data, at the first growth step.
  const timings = [];
  let started = Date.now();
  await recreateDatabase(config);
  const migrations = await migrate(config);
  log(`  migrations: ${migrations.length} applied`);
  const data = await seed(config, log, timings, config.growthSteps[0]);
  let seedSeconds = (Date.now() - started) / 1000;
  log(`data seeded at ${config.growthSteps[0]} videos in ${seedSeconds.toFixed(0)} s (${elapsed()})`);

  // 2. tubevault, and credentials obtained as clients obtain them.
  const tubevault = await startTubevault({ databaseUrl: dbUrl, redisUrl: config.redisUrl, redisPrefix, secretKey });
  children.push(tubevault.child);
  const login = await json(
    await fetch(`${tubevault.base}/api/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: data.benchUsername, password: PASSWORD }),
    }),
  );
  const jwt = login.token;
  const scopedToken = await (
    await fetch(`${tubevault.base}/api/v1/auth/tokens/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ scopes: ['GET:preferences'] }),
    })
  ).text();
  if (!scopedToken.startsWith('{')) throw new Error(`token register failed: ${scopedToken}`);

  const bearer = { authorization: `Bearer ${jwt}` };
  const taToken = { authorization: `Token ${jwt}` };
  const search = (term) => ({ path: `/api/search/?query=${encodeURIComponent(term)}`, headers: taToken });
  const searchCheck = (body) => {
    const r = body.results;
    return `${r.video_results.length} videos, ${r.channel_results.length} channels`;
  };
  const feedCheck = (body) => `${body.videos.length + body.notifications.length} videos`;

  // tubevault's scenarios; the common-word search last, as it saturates Postgres (its backlog must
  // not spill into another scenario's measurement).
  const scenarios = [
    { id: 'ping', label: '`GET /api/ping/`, Bearer JWT', request: { path: '/api/ping/', headers: bearer }, check: (b) => `${b.response}, user ${b.user}` },
    {
      id: 'preferences',
      label: '`GET /api/v1/auth/preferences`, scoped token',
      request: { path: '/api/v1/auth/preferences', headers: { authorization: `Bearer ${scopedToken}` } },
      check: (b) => `${Object.keys(b).length} keys`,
    },
    {
      id: 'feed-1',
      label: `\`GET /api/v1/auth/feed?max_results=40\` (page 1, ${data.subscriptions} subscriptions)`,
      request: { path: '/api/v1/auth/feed?max_results=40', headers: bearer },
      check: feedCheck,
    },
    {
      id: 'feed-50',
      label: '`GET /api/v1/auth/feed?max_results=40&page=50`',
      request: { path: '/api/v1/auth/feed?max_results=40&page=50', headers: bearer },
      check: feedCheck,
    },
    { id: 'search-rare', label: `\`GET /api/search/?query=${SEARCH_TERMS.rare}\` (rare word)`, request: search(SEARCH_TERMS.rare), check: searchCheck },
    {
      id: 'search-phrase',
      label: `\`GET /api/search/?query=${SEARCH_TERMS.phrase}\` (two-word phrase)`,
      request: search(SEARCH_TERMS.phrase),
      check: searchCheck,
    },
    {
      id: 'playlist',
      label: `\`GET /api/v1/auth/playlists/:id\` (${config.playlistVideos} videos)`,
      request: { path: `/api/v1/auth/playlists/${data.playlistId}`, headers: bearer },
      check: (b) => `videoCount ${b.videoCount}, ${b.videos.length} entries in the window`,
    },
    { id: 'search-common', label: `\`GET /api/search/?query=${SEARCH_TERMS.common}\` (common word)`, request: search(SEARCH_TERMS.common), check: searchCheck },
  ];
  for (const scenario of scenarios) scenario.server = tubevault;
  const byId = (id) => scenarios.find((s) => s.id === id);

  // 3. Growth: feed and search from one connection at each catalog size; the catalog grows under the
  // running server, as refresh jobs grow it.
  const growthIds = ['feed-1', 'search-rare', 'search-phrase', 'search-common'];
  const growth = [];
  // The server has just started: its first requests would pay for compiling the code paths and
  // make the smallest catalog look slow, and the growth small.
  for (const id of growthIds) await measureSerial({ base: tubevault.base, request: byId(id).request, seconds: config.warmupSeconds, warmupSeconds: 0 });
  for (const [i, size] of config.growthSteps.entries()) {
    if (i > 0) {
      started = Date.now();
      await growVideos(config, log, timings, size);
      seedSeconds += (Date.now() - started) / 1000;
    }
    const point = { videos: size, results: {} };
    for (const id of growthIds) {
      await settle();
      const r = await measureSerial({
        base: tubevault.base,
        request: byId(id).request,
        seconds: config.singleConnectionSeconds,
        warmupSeconds: config.singleConnectionWarmupSeconds,
        server: tubevault.child,
      });
      if (r.non2xx || r.errors) throw new Error(`growth at ${size} videos: ${id} answered ${r.non2xx} non-2xx, ${r.errors} errors`);
      point.results[id] = r;
    }
    growth.push(point);
    log(`  growth ${kilo(size)} videos: ${growthIds.map((id) => `${id} p50 ${point.results[id].p50.toFixed(2)} ms`).join(', ')} (${elapsed()})`);
  }
  data.sizes = await finishSeed(config, log, timings);
  data.timings = timings;
  log(`data complete: ${config.videos} videos, seeding ${seedSeconds.toFixed(0)} s in all (${elapsed()})`);

  // 4. Each scenario's exact answer, then the baselines: static and pg (bare Nest), payload-matched
  // (bare Fastify serving those answers), and TubeArchivist's stack.
  const payloads = {};
  for (const scenario of scenarios) {
    const answer = await capture(tubevault.base, scenario.request, scenario.check);
    scenario.checked = answer.checked;
    scenario.bytes = answer.body.length;
    payloads[scenario.id] = { contentType: answer.contentType, body: answer.body.toString('base64') };
  }
  payloadDir = mkdtempSync(join(tmpdir(), 'tvbench-payloads-'));
  writeFileSync(join(payloadDir, 'payloads.json'), JSON.stringify(payloads));
  const barePayload = await startBaseline('payload-matched.mjs', { PAYLOADS: join(payloadDir, 'payloads.json') });
  children.push(barePayload.child);
  const bareStatic = await startBaseline('static-json.mjs');
  children.push(bareStatic.child);
  const barePg = await startBaseline('pg-lookup.mjs', { DATABASE_URL: dbUrl, BENCH_USER_ID: String(data.benchUserId) });
  children.push(barePg.child);

  const drf = { skipped: null, versions: null };
  const packages = await ensureDrfPackages({ install: config.drfInstall, log });
  if (packages.ok) {
    try {
      const server = await startDrf(config);
      children.push(server.child);
      drfStarted = true;
      Object.assign(drf, { server, versions: packages.versions });
    } catch (error) {
      drf.skipped = `TubeArchivist's stack did not start: ${error.message.split('\n')[0]}`;
    }
  } else {
    drf.skipped = packages.reason;
  }
  if (drf.skipped) log(`  DRF row skipped: ${drf.skipped}`);
  log(
    `servers up: tubevault ${tubevault.base}, payload ${barePayload.base}, static ${bareStatic.base}, pg ${barePg.base}${drf.server ? `, DRF ${drf.server.base}` : ''} (${elapsed()})`,
  );

  const baselines = {
    'baseline-static': { id: 'baseline-static', label: 'baseline: bare Nest+Fastify, static JSON', server: bareStatic, request: { path: '/api/ping/' } },
    'baseline-pg': {
      id: 'baseline-pg',
      label: 'baseline: bare Nest+Fastify+pg, primary-key lookup',
      server: barePg,
      request: { path: '/api/v1/auth/preferences' },
    },
    'drf-ping': {
      id: 'drf-ping',
      label: `TubeArchivist's stack: Django REST Framework + gunicorn (gthread, ${DRF_WORKERS} × ${DRF_THREADS}), \`GET /api/ping/\`, token`,
      server: drf.server,
      skipped: drf.skipped,
      request: { path: '/api/ping/', headers: { authorization: `Token ${drf.server?.token}` } },
    },
  };
  for (const scenario of scenarios) {
    scenario.payloadId = `payload-${scenario.id}`;
    baselines[scenario.payloadId] = {
      id: scenario.payloadId,
      label: `payload-matched: bare Fastify, the ${scenario.id} answer (${scenario.bytes.toLocaleString('en-US')} bytes)`,
      server: barePayload,
      request: { path: `/payload/${scenario.id}` },
    };
  }
  if (drf.server) {
    const answer = await capture(drf.server.base, baselines['drf-ping'].request, (b) => `${b.response}, user ${b.user}`);
    baselines['drf-ping'].checked = answer.checked;
  }
  baselines['baseline-static'].checked = (await capture(bareStatic.base, baselines['baseline-static'].request, (b) => b.response)).checked;
  baselines['baseline-pg'].checked = (await capture(barePg.base, baselines['baseline-pg'].request, (b) => `${Object.keys(b).length} keys`)).checked;
  for (const scenario of scenarios) baselines[scenario.payloadId].checked = `${scenario.bytes.toLocaleString('en-US')} bytes, as captured`;

  // Every tubevault scenario right after its payload-matched baseline; the static, DRF and pg
  // baselines beside the scenarios they are compared with.
  const order = [];
  for (const scenario of scenarios) {
    if (scenario.id === 'ping') order.push(baselines['baseline-static']);
    if (scenario.id === 'preferences') order.push(baselines['baseline-pg']);
    order.push(baselines[scenario.payloadId], scenario);
    if (scenario.id === 'ping') order.push(baselines['drf-ping']);
  }

  // 5. Load: the whole table, `repetitions` times.
  const results = [];
  for (let rep = 0; rep < config.repetitions; rep++) {
    const round = {};
    for (const entry of order) {
      if (entry.skipped) continue;
      await settle(); // requests still running server-side from the previous scenario finish first
      const result = await measure({
        base: entry.server.base,
        request: entry.request,
        connections: config.connections,
        seconds: config.durationSeconds,
        warmupSeconds: config.warmupSeconds,
        server: entry.server.child,
      });
      await settle();
      // The same request from one connection: service time without queueing.
      result.single = await measureSerial({
        base: entry.server.base,
        request: entry.request,
        seconds: config.singleConnectionSeconds,
        warmupSeconds: config.singleConnectionWarmupSeconds,
        server: entry.server.child,
      });
      round[entry.id] = result;
      log(
        `  [${rep + 1}] ${entry.id}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}; 1 conn p50 ${result.single.p50.toFixed(2)} / p99 ${result.single.p99.toFixed(2)} ms (${elapsed()})`,
      );
    }
    results.push(round);
  }
  for (const child of [barePayload.child, bareStatic.child, barePg.child, drf.server?.child]) if (child) await child.stop();

  // 6. Refresh: 10 requests of 1000 video ids, all sent at once; done when the last answer is in.
  const refreshBodies = [];
  for (let i = 0; i < config.refreshRequests; i++)
    refreshBodies.push(JSON.stringify({ video: data.refreshIds.slice(i * config.refreshIdsPerRequest, (i + 1) * config.refreshIdsPerRequest) }));
  const refreshStarted = performance.now();
  const refreshAnswers = await Promise.all(
    refreshBodies.map(async (body) => {
      const res = await fetch(`${tubevault.base}/api/refresh/`, { method: 'POST', headers: { ...taToken, 'content-type': 'application/json' }, body });
      const text = await res.text();
      return { status: res.status, ms: performance.now() - refreshStarted, text: res.ok ? '' : text.slice(0, 200) };
    }),
  );
  const refreshMs = performance.now() - refreshStarted;
  const status = await json(await fetch(`${tubevault.base}/api/refresh/`, { headers: taToken }));
  const refresh = {
    requests: refreshAnswers.length,
    ids: data.refreshIds.length,
    ms: refreshMs,
    statuses: refreshAnswers.map((a) => a.status),
    firstError: refreshAnswers.find((a) => a.status !== 200)?.text,
    queued: status.total_queued,
  };
  log(`  refresh: ${refresh.ids} ids in ${refresh.requests} requests, all answered in ${refreshMs.toFixed(0)} ms; ${refresh.queued} queued (${elapsed()})`);

  // 7. Notifications.
  const clientLimit = Math.max(0, (Number.isFinite(limits.hard) ? limits.hard : 1_000_000) - 1000);
  const notifications = await notificationsScenario({
    server: tubevault.child,
    port: tubevault.port,
    redisUrl: config.redisUrl,
    redisPrefix,
    jwt,
    channelId: data.notifyChannel,
    videoId: data.notifyVideo,
    wanted: config.sseClients,
    limit: clientLimit,
    events: config.sseEvents,
    log,
  });
  log(`notifications done (${elapsed()})`);

  // 8. Plans of the statements the app runs, over the generated data.
  const explains = [...(await explainFeed(dbUrl, data.benchUserId, [1, 50])), ...(await explainSearch(dbUrl, data.benchUserId, SEARCH_TERMS))];
  log(`plans captured (${elapsed()})`);

  // 9. Targets.
  const scale = latencyScale(results);
  const verdicts = judge({ results, growth, refresh, notifications, drf, scale });
  const missed = verdicts.filter((v) => !v.pass && v.scenario);

  // 10. Profiles of the HTTP scenarios that missed: a second tubevault under `--cpu-prof`, each
  // scenario driven again for a few seconds, the samples of its window summarised.
  let profiles = [];
  const profiledIds = scenarios.map((s) => s.id).filter((id) => missed.some((v) => v.scenario === id));
  if (config.profile && profiledIds.length) {
    await tubevault.child.stop();
    const dir = mkdtempSync(join(tmpdir(), 'tvbench-prof-'));
    try {
      const profiled = await startTubevault({
        databaseUrl: dbUrl,
        redisUrl: config.redisUrl,
        redisPrefix,
        secretKey,
        nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
        name: 'tubevault --cpu-prof',
      });
      children.push(profiled.child);
      const windows = [];
      for (const id of profiledIds) {
        const scenario = byId(id);
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const run = await measure({
          base: profiled.base,
          request: scenario.request,
          connections: config.connections,
          seconds: config.profileSeconds,
          warmupSeconds: 0.5,
          server: profiled.child,
        });
        const toUs = Number(process.hrtime.bigint() / 1000n);
        windows.push({ name: id, fromUs, toUs, run });
        log(`  profiled ${id}: ${run.rps.toFixed(0)} req/s under the profiler, server CPU ${(run.serverCpu * 100).toFixed(0)}% of a core`);
      }
      await profiled.child.stop();
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        profiles = summariseProfile(join(dir, file), windows).map((summary, i) => ({ ...summary, run: windows[i].run }));
      } else {
        log('  (no .cpuprofile was written)');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // 11. Report, and the growth chart beside it.
  const machine = { ...(await machineInfo(config, dbUrl, limits)), loadAtStart };
  mkdirSync(dirname(config.growthSvg), { recursive: true });
  writeFileSync(config.growthSvg, growthChart(growth, growthIds, GROWTH_LABELS));
  const report = renderReport({
    config,
    machine,
    data,
    seedSeconds,
    scenarios,
    baselines,
    order,
    results,
    growth,
    growthIds,
    drf,
    scale,
    refresh,
    notifications,
    explains,
    verdicts,
    profiles,
    totalSeconds: (Date.now() - runStarted) / 1000,
  });
  mkdirSync(dirname(config.output), { recursive: true });
  writeFileSync(config.output, report);
  if (process.env.BENCH_JSON) {
    const raw = {
      config,
      machine,
      data: { ...data, refreshIds: data.refreshIds.length },
      seedSeconds,
      results,
      growth,
      scale,
      refresh,
      notifications,
      verdicts,
      profiles,
    };
    writeFileSync(process.env.BENCH_JSON, JSON.stringify(raw, null, 2));
  }
  const met = verdicts.filter((v) => v.pass).length;
  log('');
  log(`${met} of ${verdicts.length} targets met (each judged on the worse of ${config.repetitions} repetitions; latency limits × ${scale.factor.toFixed(2)})`);
  log(verdicts.map((v) => `${v.pass ? 'met   ' : 'MISSED'}  ${v.label}: ${v.measured} (target ${v.target})`).join('\n'));
  log(`\nwrote ${config.output} and ${config.growthSvg} (${elapsed()} in all)`);
}

/**
 * Absolute latency limits hold as written on a machine whose static baseline reaches
 * `referenceStaticRps`; on a slower one they are scaled up by reference / measured (the static
 * baseline's mean over the repetitions).
 */
function latencyScale(results) {
  const staticRps = results.reduce((sum, round) => sum + round['baseline-static'].rps, 0) / results.length;
  return { staticRps, factor: staticRps >= config.referenceStaticRps ? 1 : config.referenceStaticRps / staticRps };
}

/**
 * Every target of the benchmark, from this run's numbers. Each is judged on the worse repetition;
 * `baseline` is the same measurement taken of the payload-matched baseline (how far the physical
 * limit itself is from the target).
 */
function judge({ results, growth, refresh, notifications, drf, scale }) {
  const verdicts = [];
  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(n));
  const pct = (n) => `${fmt(n * 100)}%`;
  const ms = (n) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
  const worst = (values, higherIsBetter) => (higherIsBetter ? Math.min(...values) : Math.max(...values));
  const each = (fn) => results.map((round) => fn(round));
  const clean = (id) => results.every((round) => round[id].non2xx === 0 && round[id].errors === 0);
  const dirty = (id) => (clean(id) ? '' : ` (${results.map((round) => `${round[id].non2xx} non-2xx, ${round[id].errors} errors`).join('; ')})`);
  const limit = (wanted) => wanted * scale.factor;
  const limitText = (wanted) => (scale.factor === 1 ? `< ${wanted} ms` : `< ${fmt(limit(wanted), 1)} ms (${wanted} ms × ${fmt(scale.factor, 2)})`);
  // `scenario`: the tubevault scenario a miss is profiled with; `note`: the paragraph explaining a miss.
  const add = (group, scenario, label, pass, measured, target, baseline = '', note = scenario) =>
    verdicts.push({ group, scenario, label, pass, measured, target, baseline, note });

  const ratioTarget = (group, id, baselineId, baselineName, wanted, physical) => {
    const ratio = worst(
      each((round) => round[id].rps / round[baselineId].rps),
      true,
    );
    add(group, id, `${id} req/s vs ${baselineName}`, ratio >= wanted && clean(id), pct(ratio) + dirty(id), `≥ ${pct(wanted)}`, physical);
  };
  const p99Target = (group, id, wanted, single = false) => {
    const p99 = worst(
      each((round) => (single ? round[id].single.p99 : round[id].p99)),
      false,
    );
    const base = worst(
      each((round) => (single ? round[`payload-${id}`].single.p99 : round[`payload-${id}`].p99)),
      false,
    );
    const what = single ? `${id} p99, one connection` : `${id} p99, ${config.connections} connections`;
    // A run in which no request completed has no latency to speak of (autocannon reports 0): a miss.
    const silent = !single && results.some((round) => !(round[id].rps > 0));
    const measured = silent ? `no answer completed (${results.map((round) => `${fmt(round[id].rps)} req/s`).join('; ')})` : ms(p99) + dirty(id);
    add(group, id, what, !silent && p99 < limit(wanted) && clean(id), measured, limitText(wanted), ms(base));
  };
  const payloadRatio = (id, other) =>
    pct(
      worst(
        each((round) => round[`payload-${id}`].rps / round[other].rps),
        true,
      ),
    );

  let group = 'ping, JWT';
  ratioTarget(group, 'ping', 'payload-ping', 'its payload-matched baseline', 0.6, '100% (the reference)');
  if (drf.server) {
    const times = worst(
      each((round) => round.ping.rps / round['drf-ping'].rps),
      true,
    );
    const physical = worst(
      each((round) => round['payload-ping'].rps / round['drf-ping'].rps),
      true,
    );
    add(
      group,
      'ping',
      `ping req/s vs DRF ping req/s (${config.connections} connections each)`,
      times >= 10 && clean('ping'),
      `${fmt(times, 1)}×`,
      '≥ 10×',
      `${fmt(physical, 1)}×`,
    );
  } else {
    add(group, null, 'ping req/s vs DRF ping req/s', false, `not measured: ${drf.skipped}`, '≥ 10×', '', 'drf');
  }

  group = 'preferences';
  ratioTarget(group, 'preferences', 'baseline-pg', 'the pg baseline', 0.6, payloadRatio('preferences', 'baseline-pg'));
  p99Target(group, 'preferences', 20);

  group = 'feed pages 1 and 50';
  for (const id of ['feed-1', 'feed-50']) {
    ratioTarget(group, id, `payload-${id}`, 'its payload-matched baseline', 0.4, '100% (the reference)');
    p99Target(group, id, 50);
  }
  // Cost of a page as the inverse of its throughput under load (the whole machine's work per request).
  const pageCost = worst(
    each((round) => round['feed-1'].rps / round['feed-50'].rps),
    false,
  );
  const payloadPageCost = worst(
    each((round) => round['payload-feed-1'].rps / round['payload-feed-50'].rps),
    false,
  );
  add(
    group,
    'feed-50',
    'feed page 50 cost vs page 1 (req/s of page 1 ÷ req/s of page 50)',
    pageCost <= 1.2,
    `${fmt(pageCost, 2)}×`,
    '≤ 1.2×',
    `${fmt(payloadPageCost, 2)}×`,
  );

  group = `search rare / phrase / common over ${kilo(config.videos)} videos`;
  for (const id of ['search-rare', 'search-phrase', 'search-common']) p99Target(group, id, 25, true);
  for (const id of ['search-rare', 'search-phrase', 'search-common']) p99Target(group, id, 250);

  group = `playlist of ${config.playlistVideos}`;
  ratioTarget(group, 'playlist', 'payload-playlist', 'its payload-matched baseline', 0.4, '100% (the reference)');
  p99Target(group, 'playlist', 50);

  group = `growth ${kilo(config.growthSteps[0])} → ${kilo(config.growthSteps.at(-1))} videos`;
  for (const id of Object.keys(growth[0].results)) {
    const first = growth[0].results[id].p50;
    const last = growth.at(-1).results[id].p50;
    add(
      group,
      null,
      `${id} p50 growth, one connection`,
      last / first <= 1.5,
      `${fmt(last / first, 2)}× (${ms(first)} → ${ms(last)})`,
      '≤ 1.5×',
      '',
      `growth-${id}`,
    );
  }

  group = 'refresh enqueue, notifications fan-out';
  const refreshOk = refresh.statuses.every((s) => s === 200) && refresh.queued >= refresh.ids;
  add(
    group,
    null,
    `refresh: ${refresh.ids} ids enqueued`,
    refreshOk && refresh.ms < limit(2000),
    `${fmt(refresh.ms)} ms${refreshOk ? '' : ' (not all queued)'}`,
    limitText(2000),
    '',
    'refresh',
  );
  const lasts = notifications.deliveries.map((d) => d.last);
  const worstLast = Math.max(...lasts);
  const allGot = notifications.deliveries.every((d) => d.received === notifications.streams);
  add(
    group,
    null,
    `notifications: last of ${notifications.streams} clients (worst of ${lasts.length} events)`,
    allGot && worstLast < limit(250) && notifications.streams >= notifications.wanted,
    `${fmt(worstLast)} ms${allGot ? '' : ' (not every client got it)'}`,
    `${limitText(250)}, ${notifications.wanted} streams`,
    '',
    'notifications',
  );
  return verdicts;
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error) => {
    process.stderr.write(`bench: failed: ${error.stack ?? error}\n`);
    for (const child of children) if (child.output.length) process.stderr.write(`--- ${child.name} (last lines)\n${child.output.slice(-20).join('\n')}\n`);
    await cleanup();
    process.exit(1);
  });
