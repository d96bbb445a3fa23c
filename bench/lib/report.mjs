// docs/benchmarks.md from one run's numbers.
import { dirname, relative } from 'node:path';
import { DRF_THREADS, DRF_WORKERS } from './drf.mjs';
import { CHANGES, NOTES } from './notes.mjs';

const DRF_SHAPE = `the gthread worker, ${DRF_WORKERS} workers × ${DRF_THREADS} threads`;

const f = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const pct = (n) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '–');
const kilo = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const mib = (bytes) => `${f(bytes / 2 ** 20, 0)} MiB`;

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const TARGETS = {
  ping: '≥ 60% of payload-matched, ≥ 10× DRF',
  preferences: '≥ 60% of pg baseline, p99 < 20 ms',
  'feed-1': '≥ 40% of payload-matched, p99 < 50 ms',
  'feed-50': '≥ 40% of payload-matched, p99 < 50 ms, ≤ 1.2× page 1',
  'search-common': '1 conn p99 < 25 ms; p99 < 250 ms',
  'search-rare': '1 conn p99 < 25 ms; p99 < 250 ms',
  'search-phrase': '1 conn p99 < 25 ms; p99 < 250 ms',
  playlist: '≥ 40% of payload-matched, p99 < 50 ms',
};

/** "3.2× over" for a latency or time, "at 44% of 60%" for a ratio. */
function missFactor(v) {
  const first = (text) => Number(/[\d.]+/.exec(String(text).replace(/,/g, ''))?.[0]);
  const measured = first(v.measured);
  const wanted = first(v.target);
  if (!Number.isFinite(measured) || !Number.isFinite(wanted) || wanted === 0) return '';
  if (String(v.target).startsWith('≥')) return ` (${((measured / wanted) * 100).toFixed(0)}% of the target)`;
  return ` (${(measured / wanted).toFixed(1)}× the limit)`;
}

export function renderReport({
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
  totalSeconds,
}) {
  const met = verdicts.filter((v) => v.pass).length;
  const byScenario = (id) => verdicts.filter((v) => v.scenario === id);
  const reps = results.length;
  const out = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `**${met} of ${verdicts.length} targets met** (each judged on the worse of ${reps} repetitions). ` +
      `Written by \`${config.quick ? 'BENCH_QUICK=1 ' : ''}npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC` +
      `${config.quick ? ' — **quick mode: small data and short runs; the numbers say little**' : ''}; ` +
      `the whole run took **${f(totalSeconds)} s** (${f(totalSeconds / 60, 1)} min).`,
  );
  out.push('');
  out.push(
    `Absolute latency limits hold as written when the static baseline reaches ${f(config.referenceStaticRps)} req/s; this run's reached ${f(scale.staticRps)} req/s (mean of its ${reps} repetitions), ` +
      (scale.factor === 1
        ? 'so the limits are **as written** (factor 1).'
        : `so every latency limit is **scaled by ${f(scale.factor, 2)}** (${f(config.referenceStaticRps)} / ${f(scale.staticRps)}).`),
  );
  out.push('');
  out.push(
    'Everything below comes from one run on one machine: the baselines ran in the same run, each right before the scenario it is compared with, and the whole table ran twice. ' +
      'The machine is shared (other engineers run tests on it), the load generator, Postgres and Redis share its cores with the server, so **compare ratios, not absolutes**; the two repetitions show how large the noise is.',
  );
  out.push('');

  out.push('## Targets');
  out.push('');
  out.push(
    `Each target is judged on the **worse** of the ${reps} repetitions (the lower ratio, the higher latency); a scenario with any non-2xx answer or error misses. ` +
      '"payload-matched baseline" is the same measurement taken of the bare Fastify server answering the scenario\'s own captured bytes: how far the physical limit on this machine is from the target. ' +
      `The growth rows come from the single growth pass (${config.growthSteps.map(kilo).join(' → ')} videos).`,
  );
  out.push('');
  out.push(
    table(
      ['target', 'check', 'measured (worse repetition)', 'wanted', 'payload-matched baseline', 'result'],
      verdicts.map((v, i) => [
        i === 0 || verdicts[i - 1].group !== v.group ? v.group : '',
        v.label,
        v.measured,
        v.target,
        v.baseline || '',
        v.pass ? 'met' : '**missed**',
      ]),
    ),
  );
  out.push('');

  out.push('## Machine');
  out.push('');
  out.push(
    table(
      ['', ''],
      [
        ['cores', `${machine.cores} × ${machine.cpu}`],
        ['memory', `${f(machine.memoryGiB, 1)} GiB`],
        ['load average at start (1/5/15 min)', machine.loadAtStart.map((n) => n.toFixed(2)).join(' / ')],
        ['OS', machine.os],
        ['Node', machine.node],
        ['PostgreSQL', machine.postgres],
        ['PostgreSQL settings', machine.postgresSettings],
        ['Redis', machine.redis],
        ['autocannon', machine.autocannon],
        ['open files (soft / hard)', `${machine.fdLimits.soft} / ${machine.fdLimits.hard}; children run with the hard limit`],
      ],
    ),
  );
  out.push('');

  out.push('## Data');
  out.push('');
  out.push(
    `A fresh database \`${config.database}\`, tubevault's migrations, then one set-based \`INSERT … SELECT … FROM generate_series\` per table ` +
      `(videos in chunks of 250,000 with their secondary indexes dropped and rebuilt from the migrations' own definitions, then \`VACUUM (ANALYZE)\`). ` +
      `The catalog is grown in steps under the running server: ${config.growthSteps.map((n) => f(n)).join(', then ')} videos, each step a round of new uploads spread over every channel ` +
      `(the growth runs measure at each size); seeding took ${f(seedSeconds)} s in all. ` +
      `All users share one argon2id hash, computed once. Within a step, videos are written channel by channel, as refresh jobs write a channel's uploads; ` +
      `published dates are random over five years. Titles are five words of an 8,000-word generated vocabulary (skewed: a few words are frequent), ` +
      `descriptions fourteen; the search terms are planted: \`music\` in 10% of titles (and 1% of channel names), \`zephyrine\` in 1 title in 10,000, ` +
      `\`live concert\` adjacent in 0.5% (each word alone in 2-3% more).`,
  );
  out.push('');
  out.push(
    table(
      ['table', 'rows', 'size with indexes'],
      data.sizes.map((s) => [s.table, f(s.rows), s.size]),
    ),
  );
  out.push('');
  out.push(
    `The bench user (\`${data.benchUsername}\`, an admin) subscribes to ${data.subscriptions} channels of ${f(config.channels)} (${f(config.videos / config.channels)} videos each) and owns ` +
      `${config.playlists} private playlists of ${config.playlistVideos} videos; every other user subscribes to ${config.otherUserSubscriptions} channels.`,
  );
  out.push('');

  out.push('## Growth');
  out.push('');
  const svgLink = relative(dirname(config.output), config.growthSvg);
  out.push(
    `Feed page 1 and the three searches from one connection (${config.singleConnectionWarmupSeconds} s warm-up, then ${config.singleConnectionSeconds} s of requests one after another, each timed), ` +
      `at each catalog size, with the same users, subscriptions and playlists throughout. Target: p50 at ${kilo(config.growthSteps.at(-1))} ≤ 1.5× p50 at ${kilo(config.growthSteps[0])}.`,
  );
  out.push('');
  out.push(`![Feed and search latency at ${config.growthSteps.map(kilo).join(', ')} videos](${svgLink})`);
  out.push('');
  const growthVerdict = (id) => verdicts.find((v) => v.note === `growth-${id}`);
  out.push(
    table(
      ['scenario', ...growth.map((g) => `${kilo(g.videos)}: p50 / p99 ms`), `p50 growth ${kilo(growth[0].videos)} → ${kilo(growth.at(-1).videos)}`, 'result'],
      growthIds.map((id) => [
        id,
        ...growth.map((g) => `${f(g.results[id].p50, 2)} / ${f(g.results[id].p99, 2)}`),
        `${f(growth.at(-1).results[id].p50 / growth[0].results[id].p50, 2)}×`,
        growthVerdict(id)?.pass ? 'met' : '**missed**',
      ]),
    ),
  );
  out.push('');

  out.push('## HTTP scenarios');
  out.push('');
  out.push(
    `autocannon, ${config.connections} connections (the same for every row, DRF included), ${config.warmupSeconds} s warm-up (thrown away), then ${config.durationSeconds} s measured; the whole table ran ${reps} times in a row, one table per repetition. ` +
      `tubevault runs as \`ROLE=api node dist/src/main.js\` (LOG_LEVEL=warn, pool of 10) on the machine's Postgres and Redis. ` +
      'Each tubevault row follows its **payload-matched** baseline: a bare Fastify route (bench/baselines/payload-matched.mjs, one process) answering the exact bytes and content type tubevault answered that request with, captured in this run; ' +
      '"vs payload" is tubevault\'s req/s over it. "vs bare Nest" is req/s over the static baseline (ping) or the pg baseline (everything else), both bare Nest+Fastify apps. ' +
      (drf.server
        ? `The DRF row is TubeArchivist's stack (Django ${drf.versions.django}, Django REST Framework ${drf.versions.drf}, gunicorn ${drf.versions.gunicorn} with ${DRF_SHAPE}, psycopg2, persistent connections, its own scratch database) answering \`GET /api/ping/\` with DRF token authentication. `
        : `The DRF row (TubeArchivist's stack) was **skipped**: ${drf.skipped}. `) +
      `"1 conn" is the same request from one keep-alive connection, one at a time, for ${config.singleConnectionSeconds} s after ${config.singleConnectionWarmupSeconds} s of warm-up, each request timed (sub-millisecond digits kept): the service time without queueing. ` +
      `"server CPU" is the server's CPU over the run in cores (gunicorn: master and workers); "machine" is the share of all cores busy (server, Postgres, load generator and anything else). ` +
      `autocannon reports latency percentiles in whole milliseconds. Non-2xx answers under load are shown with req/s; a 503 there is a request that waited longer than the pool's 5 s connection timeout.`,
  );
  out.push('');
  const compareWith = (entry) => {
    const scenario = scenarios.find((s) => s.id === entry.id);
    if (!scenario) return {};
    return { payload: scenario.payloadId, bare: scenario.id === 'ping' ? 'baseline-static' : 'baseline-pg' };
  };
  results.forEach((round, rep) => {
    out.push(`### Repetition ${rep + 1} of ${reps}`);
    out.push('');
    const rows = order.map((entry) => {
      const r = round[entry.id];
      if (!r) return [entry.label, `skipped: ${entry.skipped ?? 'not measured'}`, '', '', '', '', '', '', '', ''];
      const { payload, bare } = compareWith(entry);
      const verdict = byScenario(entry.id);
      const outcome = verdict.length ? (verdict.every((v) => v.pass) ? 'met' : `missed (${verdict.filter((v) => !v.pass).length} of ${verdict.length})`) : '';
      const errors = r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
      return [
        entry.label,
        f(r.rps) + errors,
        f(r.p50, 1),
        f(r.p99, 1),
        payload ? pct(r.rps / round[payload].rps) : '(baseline)',
        bare ? pct(r.rps / round[bare].rps) : '',
        TARGETS[entry.id] ? `${TARGETS[entry.id]}: ${outcome}` : '',
        r.single ? `${f(r.single.p50, 2)} / ${f(r.single.p99, 2)} ms (${f(r.single.rps)} req/s)` : '',
        `${f(r.serverCpu, 2)} / ${pct(r.machineBusy)}`,
        `${entry.checked ?? ''}; ${f(r.bytesPerResponse / 1024, 1)} KiB`,
      ];
    });
    out.push(
      table(
        [
          'scenario',
          'req/s',
          'p50 ms',
          'p99 ms',
          'vs payload',
          'vs bare Nest',
          'targets (all repetitions)',
          '1 conn: p50 / p99',
          'server CPU / machine',
          'response',
        ],
        rows,
      ),
    );
    out.push('');
  });

  out.push('## Refresh');
  out.push('');
  const refreshVerdict = verdicts.find((v) => v.label.startsWith('refresh'));
  out.push(
    `\`POST /api/refresh/\` with ${refresh.requests} bodies of ${f(refresh.ids / refresh.requests)} video ids each (${f(refresh.ids)} ids, all sent at once, admin JWT, ` +
      `UPSTREAM_URL set to a dummy loopback URL, no worker running): every request answered ${[...new Set(refresh.statuses)].join(', ')} ` +
      `**${f(refresh.ms)} ms** after the first was sent; \`GET /api/refresh/\` then counted ${f(refresh.queued)} queued jobs. ` +
      `Target: all enqueued in < 2 s — **${refreshVerdict.pass ? 'met' : 'missed'}**.${refresh.firstError ? ` First error: \`${refresh.firstError}\`.` : ''}`,
  );
  out.push('');

  out.push('## Notifications');
  out.push('');
  const notifyVerdict = verdicts.find((v) => v.label.startsWith('notifications'));
  out.push(
    `${f(notifications.streams)} streams (${notifications.streams < notifications.wanted ? `of ${f(notifications.wanted)} wanted: the file-descriptor limit allows no more` : 'all that were wanted'}) ` +
      `opened with the bench user's JWT on \`GET /api/v1/auth/notifications?topics=<channel>\`, all on one channel, from a separate client process (raw sockets), ` +
      `100 at a time, in ${f(notifications.openSeconds, 1)} s${notifications.failed ? `; ${notifications.failed} failed: ${notifications.firstError}` : ''}. ` +
      `Then a \`video.created\` event for an existing video of that channel is published on tubevault's Redis channel \`<REDIS_PREFIX>:catalog:events\` (what a worker does after committing a new video), ` +
      `${notifications.deliveries.length} times, one second apart; times are from the publish to each client's first \`data:\` byte.`,
  );
  out.push('');
  out.push(
    table(
      ['event', 'clients that got it', 'first', 'p50', 'p99', 'last'],
      notifications.deliveries.map((d, i) => [
        String(i + 1),
        `${f(d.received)} / ${f(notifications.streams)}`,
        `${f(d.first, 1)} ms`,
        `${f(d.p50, 1)} ms`,
        `${f(d.p99, 1)} ms`,
        `**${f(d.last, 1)} ms**`,
      ]),
    ),
  );
  out.push('');
  out.push(
    `Server RSS ${mib(notifications.rssBefore)} before the streams opened, ${mib(notifications.rssAfter)} with them open: ` +
      `**about ${f(notifications.bytesPerStream / 1024, 1)} KiB per connection** (RSS difference over the number of streams, no forced GC). ` +
      `Target: the last client has the event < 250 ms after the publish, for 10,000 streams — **${notifyVerdict.pass ? 'met' : 'missed'}** (worst event: ${notifyVerdict.measured}).`,
  );
  out.push('');

  const missedNotes = [...new Set(verdicts.filter((v) => !v.pass).map((v) => v.note))];
  if (missedNotes.length) {
    out.push('## Where the time goes in the misses');
    out.push('');
    for (const note of missedNotes) {
      const missedBy = verdicts
        .filter((v) => !v.pass && v.note === note)
        .map((v) => `${v.label}: ${v.measured}, wanted ${v.target}${missFactor(v)}${v.baseline ? `; the payload-matched baseline: ${v.baseline}` : ''}`)
        .join('; ');
      const text = NOTES[note] ?? (note.startsWith('growth-') ? NOTES.growth : '');
      out.push(`- **${note}** (${missedBy}). ${text}`);
    }
    out.push('');
  }

  out.push('## Changes made after the first runs');
  out.push('');
  out.push('Measured with this harness and kept (described here because they touch other modules):');
  out.push('');
  for (const change of CHANGES) out.push(`- ${change}`);
  out.push('');

  if (profiles.length) {
    out.push('## Profiles of the misses');
    out.push('');
    out.push(
      `Each missed HTTP scenario was driven again for ${config.profileSeconds} s against a second tubevault started with \`node --cpu-prof\`; ` +
        "only the samples inside that scenario's window are counted. Self time is the share of samples in the function itself. " +
        '`(idle)` is the event loop waiting (on Postgres, Redis or the network); a DB-bound scenario is mostly idle here and its cost shows in the query plans below.',
    );
    out.push('');
    for (const p of profiles) {
      out.push(`### ${p.name}`);
      out.push('');
      out.push(
        `${f(p.samples)} samples; idle ${pct(p.idle)}, GC ${pct(p.gc)}, V8/native "(program)" ${pct(p.program)}. ` +
          `Under the profiler: ${f(p.run.rps)} req/s, p99 ${f(p.run.p99, 1)} ms, server CPU ${f(p.run.serverCpu, 2)} cores, machine ${pct(p.run.machineBusy)} busy.`,
      );
      out.push('');
      out.push(
        table(
          ['self', 'function (file:line)'],
          p.functions.map((fn) => [pct(fn.share), `\`${fn.key}\``]),
        ),
      );
      out.push('');
      out.push(`By module: ${p.modules.map((m) => `${m.key} ${pct(m.share)}`).join(', ')}.`);
      out.push('');
    }
  }

  out.push('## Query plans');
  out.push('');
  out.push(
    "The statements are captured from the app's own `FeedService` and `SearchRepository` (dist/), for the bench user with default preferences, " +
      'and run once to warm before `EXPLAIN (ANALYZE, BUFFERS)`.',
  );
  out.push('');
  for (const e of explains) {
    out.push(`### ${e.title}`);
    out.push('');
    out.push('```sql');
    out.push(e.sql.trim());
    out.push(`-- parameters: ${JSON.stringify(e.params)}`);
    out.push('```');
    out.push('');
    out.push('```');
    out.push(e.plan);
    out.push('```');
    out.push('');
  }

  out.push('## Method');
  out.push('');
  out.push(
    [
      "- `npm run bench` = `node bench/run.mjs` (plain ESM, nothing compiled; tubevault from `dist/`, so `npm run build` first). Knobs: `BENCH_QUICK=1` (small data, short runs), `BENCH_OUTPUT` (report path, default docs/benchmarks.md, or reports/benchmarks-quick.md with `BENCH_QUICK=1`), `BENCH_DATABASE` (default tubevault_bench, dropped afterwards unless `BENCH_KEEP_DB=1`), `BENCH_PG_URL`, `BENCH_REDIS_URL`, `BENCH_PROFILE=0` (skip profiling), `BENCH_JSON` (also write the raw numbers there), `BENCH_VIDEOS` (catalog size; the growth steps are a tenth, three tenths and all of it), `BENCH_DRF_INSTALL=0` (never apt-get the DRF packages: skip that row when they are missing), `BENCH_GROWTH_SVG` (the chart's path, default beside the report).",
      "- Baselines (bench/baselines/): `static-json.mjs` answers `GET /api/ping/` with the same static JSON as tubevault; `pg-lookup.mjs` answers with the `preferences` row of the bench user read by primary key through a `pg` pool of 10. Both are NestJS 12 + the Fastify adapter from the project's node_modules, decorators applied by hand (`Reflect.decorate`), no logging, no guards. `payload-matched.mjs` is bare Fastify (no Nest) with one route per scenario, answering the bytes tubevault answered it with in this run.",
      "- TubeArchivist's stack (bench/drf/): a Django project with Django REST Framework's `TokenAuthentication` and `IsAuthenticated`, the usual Django middleware, `CONN_MAX_AGE=None` (persistent connections) over psycopg2, served by gunicorn's gthread worker; its database is `<BENCH_DATABASE>_drf`, created, migrated and given one user and token by the run, dropped at the end. The Debian packages `python3-djangorestframework gunicorn python3-psycopg2` are installed with `apt-get install -y` when Debian's python cannot import them.",
      '- Credentials are obtained as clients obtain them: `POST /api/login/` (JWT, sent as `Bearer` or `Token`), and `POST /api/v1/auth/tokens/register` for the `GET:preferences` Invidious token.',
      '- Each scenario is requested once (status 200 and the shape in the "response" column; its bytes become the payload-matched answer) before it is loaded; non-2xx answers under load are counted and fail the target.',
      '- Redis keys live under a per-run prefix and are deleted at the end; the bench database is dropped.',
    ].join('\n'),
  );
  out.push('');
  return out.join('\n');
}
