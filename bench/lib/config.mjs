// Sizes, durations and connection settings of one bench run. `BENCH_QUICK=1` is the small version
// the smoke test runs (under 2 minutes); everything else is the full size.
import { cpus } from 'node:os';

const quick = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK ?? '');

const FULL = {
  videos: 1_000_000,
  channels: 10_000,
  users: 1_000,
  subscriptions: 500, // of the bench user
  otherUserSubscriptions: 20, // every other user, so `subscriptions` looks like a real table to the planner
  playlists: 100,
  playlistVideos: 500,
  // Cut so that the whole run (seeding at three sizes, two repetitions of every scenario and its
  // baselines, the growth runs, refresh, notifications, profiles) stays under 20 minutes.
  warmupSeconds: 2,
  durationSeconds: 5,
  singleConnectionWarmupSeconds: 0.5,
  singleConnectionSeconds: 2,
  settleSeconds: 0.5,
  connections: 50,
  refreshRequests: 10,
  refreshIdsPerRequest: 1000,
  sseClients: 10_000,
  sseEvents: 3,
  profileSeconds: 4,
};

const QUICK = {
  videos: 20_000,
  channels: 200,
  users: 50,
  subscriptions: 100,
  otherUserSubscriptions: 5,
  playlists: 5,
  playlistVideos: 500,
  // A smoke run inside npm test: every scenario runs, briefly and with few connections, so it does
  // not take the CPU from the test files running beside it. Its numbers are not meant to be read.
  // autocannon runs whole seconds (a shorter duration still takes one), so no warm-up run here.
  warmupSeconds: 0,
  durationSeconds: 1,
  singleConnectionWarmupSeconds: 0.05,
  singleConnectionSeconds: 0.2,
  settleSeconds: 0.05,
  connections: 16,
  refreshRequests: 10,
  refreshIdsPerRequest: 1000,
  sseClients: 300,
  sseEvents: 2,
  profileSeconds: 0.5,
};

const COMMON = {
  // The main table runs twice, so the noise between two runs of the same scenario shows; each target
  // is judged on the worse of the two.
  repetitions: 2,
  // The catalog grows in steps (these fractions of `videos`); feed and search are measured at each.
  growthFractions: [0.1, 0.3, 1],
  // Absolute latency targets hold as written on a machine whose static baseline reaches this many req/s.
  referenceStaticRps: 40_000,
};

export const config = {
  quick,
  ...COMMON,
  ...(quick ? QUICK : FULL),
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  database: process.env.BENCH_DATABASE ?? 'tubevault_bench',
  // Only a full run rewrites the tracked docs/benchmarks.md; a quick one reports to the git-ignored reports/.
  output: process.env.BENCH_OUTPUT ?? new URL(quick ? '../../reports/benchmarks-quick.md' : '../../docs/benchmarks.md', import.meta.url).pathname,
  /** Keep the filled database afterwards (for poking at plans by hand). */
  keepDatabase: /^(1|true|yes)$/i.test(process.env.BENCH_KEEP_DB ?? ''),
  /** Skip the `--cpu-prof` pass over scenarios that missed their target. */
  profile: !/^(0|false|no)$/i.test(process.env.BENCH_PROFILE ?? ''),
  /** Install TubeArchivist's stack (Debian packages) with apt-get when missing; `0` skips its row instead. */
  drfInstall: !/^(0|false|no)$/i.test(process.env.BENCH_DRF_INSTALL ?? ''),
  cores: cpus().length,
};
// Overrides for trying one part at another size.
if (process.env.BENCH_SSE_CLIENTS) config.sseClients = Number(process.env.BENCH_SSE_CLIENTS);
if (process.env.BENCH_VIDEOS) config.videos = Number(process.env.BENCH_VIDEOS);
config.growthSteps = config.growthFractions.map((fraction) => Math.round(config.videos * fraction));
/** The growth chart, beside the report: docs/benchmarks-growth.svg for the full run. */
config.growthSvg = process.env.BENCH_GROWTH_SVG ?? config.output.replace(/\.md$/, '') + '-growth.svg';

/** Same password for every seeded user: hashed once, the hash string reused for all rows. */
export const PASSWORD = 'bench password, not secret';
