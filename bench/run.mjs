// `npm run bench`: seeds a fresh database, starts tubevault (ROLE=api) and the two baselines, drives
// every scenario with autocannon, profiles the scenarios that miss their target, and
// writes docs/benchmarks.md (or $BENCH_OUTPUT). `BENCH_QUICK=1` is the small version (< 2 min), which
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
import { measure } from './lib/load.mjs';
import { machineInfo } from './lib/machine.mjs';
import { notificationsScenario } from './lib/notifications.mjs';
import { fdLimits, startBaseline, startTubevault } from './lib/processes.mjs';
import { summariseProfile } from './lib/profile.mjs';
import { renderReport } from './lib/report.mjs';
import { databaseUrl, dropDatabase, migrate, recreateDatabase, SEARCH_TERMS, seed } from './lib/seed.mjs';

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
  if (!config.keepDatabase) await dropDatabase(config).catch((error) => log(`bench: could not drop ${config.database}: ${error.message}`));
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

/** One request outside the load run: the scenario answers 200 with what it should. */
async function check(base, request, describe) {
  const res = await fetch(base + request.path, { method: request.method ?? 'GET', headers: request.headers, body: request.body });
  const body = await json(res);
  return describe(body);
}

async function main() {
  const limits = fdLimits();
  log(`bench: ${config.quick ? 'QUICK' : 'full'} run, database ${config.database}, Redis prefix ${redisPrefix}`);

  // 1. Data.
  let started = Date.now();
  await recreateDatabase(config);
  const migrations = await migrate(config);
  log(`  migrations: ${migrations.length} applied`);
  const data = await seed(config, log);
  const seedSeconds = (Date.now() - started) / 1000;
  log(`data seeded in ${seedSeconds.toFixed(0)} s (${elapsed()})`);

  // 2. Servers.
  const tubevault = await startTubevault({ databaseUrl: dbUrl, redisUrl: config.redisUrl, redisPrefix, secretKey });
  children.push(tubevault.child);
  const bareStatic = await startBaseline('static-json.mjs');
  children.push(bareStatic.child);
  const barePg = await startBaseline('pg-lookup.mjs', { DATABASE_URL: dbUrl, BENCH_USER_ID: String(data.benchUserId) });
  children.push(barePg.child);
  log(`servers up: tubevault ${tubevault.base}, static ${bareStatic.base}, pg ${barePg.base} (${elapsed()})`);

  // 3. Credentials, obtained as clients obtain them.
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

  // The scenarios, each after its baseline; the common-word search last, as it saturates Postgres
  // (its backlog must not spill into another scenario's measurement).
  const scenarios = [
    { id: 'baseline-static', label: 'baseline: bare Nest+Fastify, static JSON', server: bareStatic, request: { path: '/api/ping/' }, check: (b) => b.response },
    {
      id: 'ping',
      label: '`GET /api/ping/`, Bearer JWT',
      server: tubevault,
      request: { path: '/api/ping/', headers: bearer },
      baseline: 'baseline-static',
      check: (b) => `${b.response}, user ${b.user}`,
    },
    {
      id: 'baseline-pg',
      label: 'baseline: bare Nest+Fastify+pg, primary-key lookup',
      server: barePg,
      request: { path: '/api/v1/auth/preferences' },
      check: (b) => `${Object.keys(b).length} keys`,
    },
    {
      id: 'preferences',
      label: '`GET /api/v1/auth/preferences`, scoped token',
      server: tubevault,
      request: { path: '/api/v1/auth/preferences', headers: { authorization: `Bearer ${scopedToken}` } },
      baseline: 'baseline-pg',
      check: (b) => `${Object.keys(b).length} keys`,
    },
    {
      id: 'feed-1',
      label: `\`GET /api/v1/auth/feed?max_results=40\` (page 1, ${data.subscriptions} subscriptions)`,
      server: tubevault,
      request: { path: '/api/v1/auth/feed?max_results=40', headers: bearer },
      baseline: 'baseline-pg',
      check: feedCheck,
    },
    {
      id: 'feed-50',
      label: `\`GET /api/v1/auth/feed?max_results=40&page=50\``,
      server: tubevault,
      request: { path: '/api/v1/auth/feed?max_results=40&page=50', headers: bearer },
      baseline: 'baseline-pg',
      check: feedCheck,
    },
    {
      id: 'search-rare',
      label: `\`GET /api/search/?query=${SEARCH_TERMS.rare}\` (rare word)`,
      server: tubevault,
      request: search(SEARCH_TERMS.rare),
      baseline: 'baseline-pg',
      check: searchCheck,
    },
    {
      id: 'search-phrase',
      label: `\`GET /api/search/?query=${SEARCH_TERMS.phrase}\` (two-word phrase)`,
      server: tubevault,
      request: search(SEARCH_TERMS.phrase),
      baseline: 'baseline-pg',
      check: searchCheck,
    },
    {
      id: 'playlist',
      label: `\`GET /api/v1/auth/playlists/:id\` (${config.playlistVideos} videos)`,
      server: tubevault,
      request: { path: `/api/v1/auth/playlists/${data.playlistId}`, headers: bearer },
      baseline: 'baseline-pg',
      check: (b) => `videoCount ${b.videoCount}, ${b.videos.length} entries in the window`,
    },
    {
      id: 'search-common',
      label: `\`GET /api/search/?query=${SEARCH_TERMS.common}\` (common word)`,
      server: tubevault,
      request: search(SEARCH_TERMS.common),
      baseline: 'baseline-pg',
      check: searchCheck,
    },
  ];

  // 4. Load.
  const results = {};
  const settle = () => new Promise((r) => setTimeout(r, 1000));
  for (const scenario of scenarios) {
    await settle(); // requests still running server-side from the previous scenario finish first
    scenario.checked = await check(scenario.server.base, scenario.request, scenario.check);
    const result = await measure({
      base: scenario.server.base,
      request: scenario.request,
      connections: config.connections,
      seconds: config.durationSeconds,
      warmupSeconds: config.warmupSeconds,
      server: scenario.server.child,
    });
    results[scenario.id] = result;
    log(
      `  ${scenario.id}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''} (${scenario.checked}) (${elapsed()})`,
    );
  }
  // The same requests from one connection: the service time without queueing (information only).
  for (const scenario of scenarios) {
    const single = await measure({
      base: scenario.server.base,
      request: scenario.request,
      connections: 1,
      seconds: config.singleConnectionSeconds,
      warmupSeconds: 0,
      server: scenario.server.child,
    });
    results[scenario.id].single = single;
  }
  log(`single-connection runs done (${elapsed()})`);

  // 5. Refresh: 10 requests of 1000 video ids, all sent at once; done when the last answer is in.
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

  // 6. Notifications.
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

  // 7. Plans of the statements the app runs, over the generated data.
  const explains = [...(await explainFeed(dbUrl, data.benchUserId, [1, 50])), ...(await explainSearch(dbUrl, data.benchUserId, SEARCH_TERMS))];
  log(`plans captured (${elapsed()})`);

  // 8. Targets.
  const verdicts = judge(results, refresh, notifications);
  const missed = verdicts.filter((v) => !v.pass && v.scenario);

  // 9. Profiles of the HTTP scenarios that missed: a second tubevault under `--cpu-prof`, each
  // scenario driven again for a few seconds, the samples of its window summarised.
  let profiles = [];
  const profiledIds = scenarios.map((s) => s.id).filter((id) => missed.some((v) => v.scenario === id));
  if (config.profile && profiledIds.length) {
    for (const child of children) if (child !== tubevault.child) await child.stop();
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
        const scenario = scenarios.find((s) => s.id === id);
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

  // 10. Report.
  const machine = { ...(await machineInfo(config, dbUrl, limits)), loadAtStart };
  const report = renderReport({
    config,
    machine,
    data,
    seedSeconds,
    scenarios,
    results,
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
    const raw = { config, machine, data: { ...data, refreshIds: data.refreshIds.length }, seedSeconds, results, refresh, notifications, verdicts, profiles };
    writeFileSync(process.env.BENCH_JSON, JSON.stringify(raw, null, 2));
  }
  log('');
  log(verdicts.map((v) => `${v.pass ? 'met   ' : 'MISSED'}  ${v.label}: ${v.measured} (target ${v.target})`).join('\n'));
  log(`\nwrote ${config.output} (${elapsed()} in all)`);
}

/** Every target of the benchmark, from this run's numbers. */
function judge(results, refresh, notifications) {
  const verdicts = [];
  const ratio = (id, baseline) => results[id].rps / results[baseline].rps;
  const add = (scenario, label, pass, measured, target) => verdicts.push({ scenario, label, pass, measured, target });
  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
  const clean = (id) => results[id].non2xx === 0 && results[id].errors === 0;

  add(
    'ping',
    'ping req/s vs static baseline',
    ratio('ping', 'baseline-static') >= 0.7 && clean('ping'),
    `${fmt(ratio('ping', 'baseline-static') * 100)}%`,
    '≥ 70%',
  );
  add(
    'preferences',
    'preferences req/s vs pg baseline',
    ratio('preferences', 'baseline-pg') >= 0.6 && clean('preferences'),
    `${fmt(ratio('preferences', 'baseline-pg') * 100)}%`,
    '≥ 60%',
  );
  add('preferences', 'preferences p99', results.preferences.p99 < 30 && clean('preferences'), `${results.preferences.p99} ms`, '< 30 ms');
  for (const id of ['feed-1', 'feed-50']) add(id, `${id} p99`, results[id].p99 < 25 && clean(id), `${results[id].p99} ms`, '< 25 ms');
  const pageRatio = results['feed-50'].p50 / results['feed-1'].p50;
  add('feed-50', 'feed page 50 p50 vs page 1 p50', pageRatio <= 2, `${fmt(pageRatio, 2)}×`, '≤ 2×');
  for (const id of ['search-common', 'search-rare', 'search-phrase'])
    add(id, `${id} p99`, results[id].p99 < 50 && clean(id), `${results[id].p99} ms`, '< 50 ms');
  add('playlist', 'playlist p99', results.playlist.p99 < 30 && clean('playlist'), `${results.playlist.p99} ms`, '< 30 ms');
  const refreshOk = refresh.statuses.every((s) => s === 200) && refresh.queued >= refresh.ids;
  add(
    null,
    `refresh: ${refresh.ids} ids enqueued`,
    refreshOk && refresh.ms < 2000,
    `${fmt(refresh.ms)} ms${refreshOk ? '' : ' (not all queued)'}`,
    '< 2000 ms',
  );
  const lasts = notifications.deliveries.map((d) => d.last);
  const worst = Math.max(...lasts);
  const allGot = notifications.deliveries.every((d) => d.received === notifications.streams);
  add(
    null,
    `notifications: last of ${notifications.streams} clients (worst of ${lasts.length} events)`,
    allGot && worst < 250 && notifications.streams >= notifications.wanted,
    `${fmt(worst)} ms${allGot ? '' : ' (not every client got it)'}`,
    `< 250 ms, ${notifications.wanted} streams`,
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
