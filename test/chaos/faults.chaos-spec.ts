import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describeTally, LoadRun, NotificationClient, now, percentile, PersistentRedis, tally, type PlannedRequest, type Sample } from '../support/chaos.js';
import { fakeChannel, FakeUpstream } from '../support/fake-upstream.js';
import { freePort, ScratchRedis, waitForPort } from '../support/redis-server.js';
import { runStamp, table, writeReliabilitySection } from '../support/reliability-report.js';
import { ScratchPostgres } from '../support/scratch-postgres.js';
import { ServiceProcess } from '../support/service-process.js';
import { waitFor, type WaitOptions } from '../support/wait-for.js';

jest.setTimeout(600_000);

/** Requests per second over both API instances, and the length of each scenario's load. */
const RATE = 200;
const SCENARIO_MS = 30_000;
/** Postgres or Redis stays down this long, from this point of the load. */
const OUTAGE_AT_MS = 8_000;
const OUTAGE_MS = 4_000;
/** Load before the first scenario, thrown away. */
const WARM_UP_MS = 3_000;
/** After the service is back, every request must succeed within this. */
const RECOVERY_LIMIT_MS = 5_000;
/** A request refused during an outage must be answered within this (the pool's connect timeout is 5 s). */
const FAIL_FAST_LIMIT_MS = 6_000;

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const PREFIX = 'chaos';
/** Catalog videos seeded with SQL: the load marks them watched and adds them to a playlist. */
const SEEDED = 8000;
const seededVideo = (n: number) => `h${String(n % SEEDED).padStart(10, '0')}`;
const SEED_CHANNEL = `UC${'chaosseed'.padEnd(22, '0')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Probes go to processes that may be down: an error is "not yet"; every 200 ms, not to add load. */
const POLL: WaitOptions = { everyMs: 200, retryOnError: true };

/** Writes acknowledged with a 2xx during a load run, by kind. */
class Acks {
  readonly history = new Set<string>();
  readonly entries = new Set<string>();
  readonly refreshes = new Set<string>();
  get total(): number {
    return this.history.size + this.entries.size + this.refreshes.size;
  }
}

interface Row {
  scenario: string;
  seconds: number;
  sent: number;
  errors: string;
  acked: number;
  verified: string;
  failFastMs: string;
  recoveryMs: string;
  notes: string;
}

describe('faults under a steady mixed load: 2 API instances and 1 worker on a scratch Postgres and Redis (loopback)', () => {
  let postgres: ScratchPostgres;
  let redis: PersistentRedis;
  let redisDir: string;
  let fake: FakeUpstream;
  let db: pg.Pool;
  let events: Redis;
  let bull: Redis;
  const published: { videoId: string; channelId: string; type: string; seenAt: number }[] = [];
  const processes: ServiceProcess[] = [];
  let apiA: ServiceProcess;
  let worker: ServiceProcess;
  let ports: { A: number; B: number };
  let token: string;
  let userId: number;
  /** Entries go to many playlists, as users' additions do: one playlist's row lock is not the bottleneck under test. */
  const playlists: string[] = [];
  let loadVideo = 0;
  let historyVideo = 0;
  const rows: Row[] = [];
  const allSamples: Record<string, Sample[]> = {};
  const loadChannel = fakeChannel(1, 6000);
  const notifyChannel = fakeChannel(2, 2);
  const bigChannel = fakeChannel(3, 90);

  const env = () => ({
    DATABASE_URL: postgres.url('tubevault'),
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    UPSTREAM_URL: fake.url,
    YOUTUBE_URL: fake.url,
    PLAYLIST_MAX_VIDEOS: '100000',
    JOB_LOCK_SECONDS: '2',
    NOTIFICATIONS_KEEPALIVE_SECONDS: '5',
    LOG_LEVEL: 'warn',
  });

  async function startApi(port: number): Promise<ServiceProcess> {
    const api = new ServiceProcess({ ...env(), ROLE: 'api', PORT: String(port) });
    processes.push(api);
    await waitForPort(port, 60_000);
    await waitFor('readiness', async () => (await fetch(`http://127.0.0.1:${port}/api/health/ready/`)).status === 200, 60_000, POLL);
    return api;
  }

  async function startWorker(): Promise<ServiceProcess> {
    const w = new ServiceProcess({ ...env(), ROLE: 'worker', LOG_LEVEL: 'info' });
    processes.push(w);
    await w.waitFor(/worker ready/, 60_000);
    return w;
  }

  const targets = () => [
    { name: 'A', base: `http://127.0.0.1:${ports.A}`, headers: { authorization: `Token ${token}` } },
    { name: 'B', base: `http://127.0.0.1:${ports.B}`, headers: { authorization: `Token ${token}` } },
  ];

  /** The mix: 60 % reads (preferences, catalog video, ping, subscriptions), 35 % database writes, 5 % enqueues. */
  function planner(acks: Acks): (i: number) => PlannedRequest {
    return (i) => {
      const slot = i % 20;
      if (slot < 6) return { kind: 'read preferences', method: 'GET', path: '/api/v1/auth/preferences' };
      if (slot < 9) return { kind: 'read video', method: 'GET', path: `/api/v1/videos/${seededVideo(i)}` };
      if (slot < 11) return { kind: 'ping', method: 'GET', path: '/api/ping/' };
      if (slot < 12) return { kind: 'read subscriptions', method: 'GET', path: '/api/v1/auth/subscriptions' };
      if (slot < 16) {
        const id = seededVideo(++historyVideo);
        return { kind: 'write history', method: 'POST', path: `/api/v1/auth/history/${id}`, onSuccess: () => acks.history.add(id) };
      }
      if (slot < 19) {
        return {
          kind: 'write playlist entry',
          method: 'POST',
          path: `/api/v1/auth/playlists/${playlists[i % playlists.length]}/videos`,
          body: { videoId: seededVideo(i) },
          onSuccess: (body) => acks.entries.add((body as { indexId: string }).indexId),
        };
      }
      const video = loadChannel.videos[loadVideo++ % loadChannel.videos.length].id;
      return { kind: 'enqueue refresh', method: 'POST', path: '/api/refresh/', body: { video: [video] }, onSuccess: () => acks.refreshes.add(video) };
    };
  }

  /** Every acknowledged write is in the database; every acknowledged refresh job ran (its video is in the catalog). */
  async function verify(acks: Acks): Promise<{ verified: number; missing: string[] }> {
    const missing: string[] = [];
    const history = await db.query<{ video_id: string }>('SELECT video_id FROM watched WHERE user_id = $1 AND video_id = ANY($2)', [userId, [...acks.history]]);
    const seen = new Set(history.rows.map((r) => r.video_id));
    for (const id of acks.history) if (!seen.has(id)) missing.push(`history ${id}`);
    const entries = await db.query<{ index_id: string }>('SELECT index_id::text FROM playlist_videos WHERE playlist_id = ANY($1)', [playlists]);
    const stored = new Set(entries.rows.map((r) => r.index_id));
    for (const hex of acks.entries) if (!stored.has(BigInt(`0x${hex}`).toString())) missing.push(`playlist entry ${hex}`);
    // Jobs that failed while a dependency was down are retried 10 s and 20 s later.
    const refreshed = await waitFor(
      'every acknowledged refresh job to have run',
      async () => {
        const { rows } = await db.query<{ id: string }>('SELECT id FROM videos WHERE id = ANY($1)', [[...acks.refreshes]]);
        return rows.length === acks.refreshes.size ? new Set(rows.map((r) => r.id)) : false;
      },
      90_000,
      { ...POLL, everyMs: 1000 },
    ).catch(async () => new Set((await db.query<{ id: string }>('SELECT id FROM videos WHERE id = ANY($1)', [[...acks.refreshes]])).rows.map((r) => r.id)));
    for (const id of acks.refreshes) {
      if (refreshed.has(id)) continue;
      const job = await bull.hgetall(`${PREFIX}:bull:refresh:video:${id}`);
      missing.push(`refresh ${id} (${Object.keys(job).length ? `job still there: ${job.failedReason ?? 'pending'}` : 'no job: lost'})`);
    }
    return { verified: acks.total - missing.length, missing };
  }

  /** Failures are 503 JSON in the dialect's shape, fast, and stop within RECOVERY_LIMIT_MS of `upAt`. */
  function outageFigures(samples: Sample[], downAt: number, upAt: number) {
    const failures = samples.filter((s) => s.error);
    const wrong = failures.filter((s) => {
      if (s.error !== 'http 503') return true;
      try {
        const body = JSON.parse(s.body ?? '') as Record<string, unknown>;
        return typeof (body.error ?? body.detail) !== 'string';
      } catch {
        return true;
      }
    });
    const slowest = Math.max(0, ...failures.map((s) => s.t1 - s.t0));
    const lastFailureStart = Math.max(upAt, ...failures.map((s) => s.t0));
    // A failure must overlap the outage: one answered before it began, or sent well after its end,
    // is not explained by it (a slow request sent just before the outage may fail in it).
    const failuresLong = failures.filter((s) => s.t1 < downAt || s.t0 > upAt + RECOVERY_LIMIT_MS);
    return { failures, wrong, slowest, recovery: lastFailureStart - upAt, failuresLong };
  }

  beforeAll(async () => {
    fake = await FakeUpstream.start([loadChannel, notifyChannel, bigChannel]);
    postgres = await ScratchPostgres.create();
    await postgres.start();
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE tubevault');
    await admin.end();
    redisDir = mkdtempSync(join(tmpdir(), 'tubevault-redis-'));
    redis = new PersistentRedis(await freePort(), redisDir);
    await redis.start();

    ports = { A: await freePort(), B: await freePort() };
    apiA = await startApi(ports.A);
    // API B is reached only through the proxy; `processes` keeps it for the teardown.
    [, worker] = await Promise.all([startApi(ports.B), startWorker()]);

    db = new pg.Pool({ connectionString: postgres.url('tubevault'), max: 4 });
    db.on('error', () => undefined);
    await db.query('INSERT INTO channels (id, name) VALUES ($1, $2)', [SEED_CHANNEL, 'Chaos seed']);
    await db.query(
      `INSERT INTO videos (id, channel_id, channel_name, title, length_seconds, published)
       SELECT 'h' || lpad(n::text, 10, '0'), $1, 'Chaos seed', 'Seeded video ' || n, 100, now() - n * interval '1 minute'
       FROM generate_series(0, $2 - 1) n`,
      [SEED_CHANNEL, SEEDED],
    );

    const login = await fetch(`http://127.0.0.1:${ports.A}/api/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    userId = ((await (await fetch(`http://127.0.0.1:${ports.A}/api/ping/`, { headers: { authorization: `Token ${token}` } })).json()) as { user: number }).user;
    for (let n = 0; n < 40; n++) {
      const created = await fetch(`http://127.0.0.1:${ports.A}/api/v1/auth/playlists`, {
        method: 'POST',
        headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Chaos ${n}`, privacy: 'private' }),
      });
      playlists.push(((await created.json()) as { playlistId: string }).playlistId);
    }
    // Not measured: freshly started processes fill their pools and caches and compile their hot
    // paths under the same load, so the first scenario measures its fault, not a cold start.
    await new LoadRun(targets(), RATE, planner(new Acks())).run(WARM_UP_MS, []);

    // What reached Redis pub/sub, as a subscriber of the catalog events sees it.
    events = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    events.on('error', () => undefined);
    await events.subscribe(`${PREFIX}:catalog:events`);
    events.on('message', (_channel, message) => {
      const e = JSON.parse(message) as { videoId: string; channelId: string; type: string };
      published.push({ ...e, seenAt: now() });
    });
    bull = new Redis(redis.url, { retryStrategy: () => 100 });
    bull.on('error', () => undefined);
  }, 180_000);

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL').catch(() => undefined);
    // CHAOS_LOGS=<dir>: keep every process's output and the samples, to look into a failure.
    if (process.env.CHAOS_LOGS) {
      mkdirSync(process.env.CHAOS_LOGS, { recursive: true });
      processes.forEach((p, i) => writeFileSync(join(process.env.CHAOS_LOGS!, `process-${i}.log`), p.output.join('\n')));
      writeFileSync(join(process.env.CHAOS_LOGS, 'samples.json'), JSON.stringify(allSamples));
    }
    events?.disconnect();
    bull?.disconnect();
    await db?.end().catch(() => undefined);
    await redis?.stop('SIGKILL');
    await postgres?.destroy();
    await fake?.close();
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
    writeReliabilitySection(
      'faults',
      [
        '## Faults under load (`test/chaos/faults.chaos-spec.ts`, `npm run test:chaos`)',
        '',
        `Last run: ${runStamp()}. Two API processes (\`ROLE=api\`) and one worker (\`ROLE=worker\`), started as \`node dist/src/main.js\`, on a scratch PostgreSQL and a scratch redis-server (append-only file, as in docker/compose.yml) on loopback ports; the machine's own Postgres and Redis are not touched. The load is open-loop, ${RATE} requests/s split over both instances (after ${WARM_UP_MS / 1000} s of it, not measured, once the processes have started) for ${SCENARIO_MS / 1000} s per scenario (${SCENARIO_MS / 2000} s for the API kill): 60 % reads (30 % preferences, 15 % a catalog video, 10 % ping, 5 % subscriptions), 20 % history writes, 15 % playlist-entry writes (over 40 playlists), 5 % refresh enqueues (\`POST /api/refresh/\`), plus the scenario's own actions (channel refreshes, new uploads, 4 notification streams in the Redis scenario). Writes are verified in the database afterwards; an acknowledged refresh counts as kept once its video is in the catalog (the worker ran the job). Outages start ${OUTAGE_AT_MS / 1000} s into the load and last ${OUTAGE_MS / 1000} s. "Fail fast" is the slowest refused request; "recovery" is from the dependency accepting connections again to the start of the last failed request.`,
        '',
        table(
          [
            'scenario',
            'seconds',
            'requests sent',
            'outcomes',
            'writes acknowledged',
            'writes verified afterwards',
            'fail fast (slowest refusal)',
            'time to recover',
            'notes',
          ],
          rows.map((r) => [r.scenario, r.seconds, r.sent, r.errors, r.acked, r.verified, r.failFastMs, r.recoveryMs, r.notes]),
        ),
      ].join('\n'),
    );
  });

  it('a worker SIGKILLed in the middle of a channel job: the job is retried and completes, no duplicate catalog rows, API clients see no errors', async () => {
    const acks = new Acks();
    const pages = `/api/v1/channels/${bigChannel.id}/videos`;
    fake.delay(pages, 700);
    let killedAt = 0;
    const load = new LoadRun(targets(), RATE, planner(acks));
    const loadStart = now();
    const samples = await load.run(SCENARIO_MS, [
      {
        at: 1000,
        run: async () => {
          const res = await fetch(`http://127.0.0.1:${ports.A}/api/refresh/?extract_videos=true`, {
            method: 'POST',
            headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ channel: [bigChannel.id] }),
          });
          expect(res.status).toBe(200);
          await waitFor('the second page of the channel', async () => fake.count(pages) >= 2, 20_000, { ...POLL, everyMs: 50 });
          expect(await bull.lrange(`${PREFIX}:bull:refresh:active`, 0, -1)).toContain(`channel:${bigChannel.id}`);
          expect((await worker.stop('SIGKILL')).code).toBeNull();
          killedAt = now() - loadStart;
          worker = await startWorker();
        },
      },
    ]);
    allSamples.worker = samples;
    const jobId = `channel:${bigChannel.id}`;
    const completed = await waitFor(
      'the channel job to complete',
      async () => (await bull.zscore(`${PREFIX}:bull:refresh:completed`, jobId)) !== null,
      60_000,
      POLL,
    ).catch(async (error: Error) => {
      // Where the job is, to explain the wait from the failure alone.
      const key = (part: string) => `${PREFIX}:bull:refresh:${part}`;
      const [job, lockTtl, wait, active, delayed, stalled] = await Promise.all([
        bull.hgetall(key(jobId)),
        bull.pttl(key(`${jobId}:lock`)),
        bull.lpos(key('wait'), jobId),
        bull.lpos(key('active'), jobId),
        bull.zscore(key('delayed'), jobId),
        bull.sismember(key('stalled'), jobId),
      ]);
      const { data: _data, ...fields } = job;
      const lists = `wait position ${wait}, active position ${active}, delayed ${delayed}, in stalled set ${stalled}, lock ttl ${lockTtl} ms, wait length ${await bull.llen(key('wait'))}`;
      throw new Error(`${error.message}; killed ${Math.round(killedAt)} ms into the load; job ${JSON.stringify(fields)}; ${lists}`);
    });
    expect(completed).toBe(true);
    fake.delay(pages, 0);
    const counts = await db.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct FROM videos WHERE channel_id = $1',
      [bigChannel.id],
    );
    expect(counts.rows[0]).toEqual({ n: 90, distinct: 90 });
    const created = published.filter((e) => e.channelId === bigChannel.id && e.type === 'video.created').map((e) => e.videoId);
    expect(new Set(created).size).toBe(created.length);

    const { verified, missing } = await verify(acks);
    const errors = samples.filter((s) => s.error);
    rows.push({
      scenario: 'worker SIGKILL mid-job',
      seconds: SCENARIO_MS / 1000,
      sent: samples.length,
      errors: describeTally(tally(samples)),
      acked: acks.total,
      verified: `${verified} (${missing.length} missing)`,
      failFastMs: '–',
      recoveryMs: `job retried by the new worker, completed (${fake.count(pages)} page requests for 3 pages)`,
      notes: `90/90 videos of the channel, ${created.length} created events, none twice; killed ${Math.round(killedAt)} ms into the run`,
    });
    expect(errors.map((s) => `${s.target} ${s.kind}: ${s.error} ${s.body ?? ''}`)).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('Postgres restarted mid-load: 503 JSON at once during the outage, all well within 5 s of its return, every acknowledged write kept', async () => {
    const acks = new Acks();
    let downAt = 0;
    let upAt = 0;
    const load = new LoadRun(targets(), RATE, planner(acks));
    const samples = await load.run(SCENARIO_MS, [
      {
        at: OUTAGE_AT_MS,
        run: async () => {
          downAt = now();
          await postgres.stop('fast');
          await sleep(OUTAGE_MS);
          await postgres.start();
          upAt = now();
        },
      },
    ]);
    allSamples.postgres = samples;
    const { failures, wrong, slowest, recovery, failuresLong } = outageFigures(samples, downAt, upAt);
    const { verified, missing } = await verify(acks);
    rows.push({
      scenario: `Postgres stopped (fast shutdown) for ${OUTAGE_MS / 1000} s, then started`,
      seconds: SCENARIO_MS / 1000,
      sent: samples.length,
      errors: describeTally(tally(samples)),
      acked: acks.total,
      verified: `${verified} (${missing.length} missing)`,
      failFastMs: `${Math.round(slowest)} ms (p50 ${Math.round(
        percentile(
          failures.map((s) => s.t1 - s.t0),
          50,
        ),
      )} ms)`,
      recoveryMs: `${Math.round(recovery)} ms`,
      notes: `${failures.length} refused, all 503 JSON: ${wrong.length === 0}`,
    });
    expect(failures.length).toBeGreaterThan(0);
    expect(wrong.map((s) => `${s.target} ${s.kind}: ${s.error} ${s.body ?? ''}`).slice(0, 10)).toEqual([]);
    expect(slowest).toBeLessThan(FAIL_FAST_LIMIT_MS);
    expect(recovery).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(failuresLong.length).toBe(0);
    expect(missing).toEqual([]);
  });

  it('Redis restarted mid-load: enqueues refused with 503 JSON then accepted again within 5 s, no acknowledged job lost, notification streams miss nothing published after they (re)connected', async () => {
    const acks = new Acks();
    const clients = [
      new NotificationClient('A1', ports.A, `/api/v1/auth/notifications?topics=${notifyChannel.id}`, `Token ${token}`),
      new NotificationClient('A2', ports.A, `/api/v1/auth/notifications?topics=${notifyChannel.id}`, `Token ${token}`),
      new NotificationClient('B1', ports.B, `/api/v1/auth/notifications?topics=${notifyChannel.id}`, `Token ${token}`),
      new NotificationClient('B2', ports.B, `/api/v1/auth/notifications?topics=${notifyChannel.id}`, `Token ${token}`),
    ];
    for (const client of clients) client.start();
    await waitFor('the notification streams', async () => clients.every((c) => c.isConnected), 10_000, POLL);
    const firstEvent = published.length;

    let downAt = 0;
    let upAt = 0;
    const uploads: string[] = [];
    // Every 1.5 s a new upload on the watched channel, and a refresh of it through the API.
    const publishHooks = Array.from({ length: Math.floor(SCENARIO_MS / 1500) - 1 }, (_, k) => ({
      at: 500 + k * 1500,
      run: async () => {
        uploads.push(fake.addUpload(notifyChannel.id).id);
        await fetch(`http://127.0.0.1:${k % 2 ? ports.A : ports.B}/api/refresh/`, {
          method: 'POST',
          headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ channel: [notifyChannel.id] }),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => undefined);
      },
    }));
    const load = new LoadRun(targets(), RATE, planner(acks));
    const samples = await load.run(SCENARIO_MS, [
      ...publishHooks,
      {
        at: OUTAGE_AT_MS,
        run: async () => {
          downAt = now();
          await redis.stop('SIGTERM');
          await sleep(OUTAGE_MS);
          await redis.start();
          upAt = now();
        },
      },
    ]);
    // Let the last uploads travel: refresh job, catalog write, event, stream.
    await waitFor('the last upload to be published', async () => published.some((e) => e.videoId === uploads.at(-1)), 30_000, POLL).catch(() => undefined);
    await sleep(1500);
    for (const client of clients) client.stop();
    allSamples.redis = samples;

    const { failures, wrong, slowest, recovery, failuresLong } = outageFigures(samples, downAt, upAt);
    const { verified, missing } = await verify(acks);
    const watched = published.slice(firstEvent).filter((e) => e.channelId === notifyChannel.id && e.type === 'video.created');
    const missed: string[] = [];
    for (const event of watched) {
      for (const client of clients) {
        // Connected (again) half a second before the event reached Redis, and still connected then.
        if (client.connectedThroughout(event.seenAt - 500, event.seenAt) && !client.received.has(event.videoId)) {
          // What the API processes logged about the video, to explain a miss from the failure alone.
          const logged = processes.flatMap((p, i) => p.output.filter((line) => line.includes(event.videoId)).map((line) => `process ${i}: ${line}`));
          missed.push(
            `${client.name} missed ${event.videoId}, published ${Math.round(event.seenAt - upAt)} ms after Redis was back; connections ${JSON.stringify(client.connections.map(([a, b]) => [Math.round(a - upAt), Math.round(b - upAt)]))}; logged: ${logged.join(' | ') || 'nothing'}`,
          );
        }
      }
    }
    const afterRecovery = watched.filter((e) => e.seenAt > upAt + RECOVERY_LIMIT_MS);
    const reconnects = clients.map((c) => `${c.name} ${c.connections.length - 1}`).join(', ');
    rows.push({
      scenario: `Redis stopped (SIGTERM) for ${OUTAGE_MS / 1000} s, then started`,
      seconds: SCENARIO_MS / 1000,
      sent: samples.length,
      errors: describeTally(tally(samples)),
      acked: acks.total,
      verified: `${verified} (${missing.length} missing)`,
      failFastMs: failures.length ? `${Math.round(slowest)} ms` : '–',
      recoveryMs: failures.length ? `${Math.round(recovery)} ms` : '0 ms',
      notes: `4 notification streams (reconnects: ${reconnects}); ${watched.length} uploads published, ${afterRecovery.length} after recovery; missed after (re)connecting: ${missed.length}`,
    });
    expect(wrong.map((s) => `${s.target} ${s.kind}: ${s.error} ${s.body ?? ''}`).slice(0, 10)).toEqual([]);
    expect(slowest).toBeLessThan(FAIL_FAST_LIMIT_MS);
    expect(recovery).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(failuresLong.length).toBe(0);
    expect(missing).toEqual([]);
    expect(afterRecovery.length).toBeGreaterThan(2);
    expect(missed).toEqual([]);
  });

  it('one API instance SIGKILLed mid-load: clients of the other see no errors', async () => {
    const acks = new Acks();
    const streamB = new NotificationClient('B', ports.B, `/api/v1/auth/notifications?topics=${notifyChannel.id}`, `Token ${token}`);
    streamB.start();
    await waitFor('the notification stream', async () => streamB.isConnected, 10_000, POLL);
    let killedAt = 0;
    const load = new LoadRun(targets(), RATE, planner(acks));
    const samples = await load.run(SCENARIO_MS / 2, [
      {
        at: 4000,
        run: async () => {
          killedAt = now();
          await apiA.stop('SIGKILL');
        },
      },
    ]);
    streamB.stop();
    allSamples.apiKill = samples;
    const ofB = samples.filter((s) => s.target === 'B');
    const ofA = samples.filter((s) => s.target === 'A');
    const { verified, missing } = await verify(acks);
    rows.push({
      scenario: 'one API instance SIGKILLed',
      seconds: SCENARIO_MS / 2000,
      sent: samples.length,
      errors: `B: ${describeTally(tally(ofB))}; A: ${describeTally(tally(ofA))}`,
      acked: acks.total,
      verified: `${verified} (${missing.length} missing)`,
      failFastMs: '–',
      recoveryMs: '–',
      notes: `B's notification stream stayed open: ${streamB.connections.length === 1}; A's clients got connection errors after the kill (${ofA.filter((s) => s.error && s.t0 >= killedAt).length})`,
    });
    expect(ofB.filter((s) => s.error).map((s) => `${s.kind}: ${s.error} ${s.body ?? ''}`)).toEqual([]);
    expect(streamB.connections.length).toBe(1);
    expect(missing).toEqual([]);
  });
});

/** Each Redis command's bound in the Redis-fault scenarios (REDIS_COMMAND_TIMEOUT_MS). */
const COMMAND_TIMEOUT_MS = 1000;
/**
 * Longest answer allowed while Redis stalls or dies: a command may wait its timeout twice (it is
 * retried over one reconnect), a revocation then waits the 1 s lease of its announcement, and a
 * process on a busy 2-core machine may be scheduled late; 1.5 s is left for that.
 */
const LATENCY_BOUND_MS = 2 * COMMAND_TIMEOUT_MS + 1000 + 1500;
const REDIS_RATE = 100;
const REDIS_SCENARIO_MS = 20_000;
const REDIS_FAULT_AT_MS = 5_000;
const STALL_MS = 5_000;
const KILL_DOWN_MS = 3_000;
/** Channels seeded in the catalog for the load to subscribe to, one new channel per subscribe. */
const SUBSCRIBABLE = 2000;
const subscribable = (n: number) => `UC${'rf'.padEnd(12, '0')}${String(n).padStart(10, '0')}`;
/** Invidious tokens minted before the load, each revoked (by itself) at most once during it. */
const REVOCABLE = 450;

describe('Redis stalled and killed under load: 2 API instances (REDIS_COMMAND_TIMEOUT_MS=1000) and 1 worker on a scratch Postgres and a non-persistent Redis', () => {
  let postgres: ScratchPostgres;
  let redis: ScratchRedis;
  let fake: FakeUpstream;
  let db: pg.Pool;
  const processes: ServiceProcess[] = [];
  let ports: { A: number; B: number };
  let token: string;
  let userId: number;
  const playlists: string[] = [];
  const revocable: string[] = [];
  let subscribeNext = 0;
  let enqueueNext = 0;
  const rows: Row[] = [];
  const allSamples: Record<string, Sample[]> = {};
  const loadChannel = fakeChannel(4, 6000);

  const env = () => ({
    DATABASE_URL: postgres.url('tubevault'),
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    UPSTREAM_URL: fake.url,
    YOUTUBE_URL: fake.url,
    PLAYLIST_MAX_VIDEOS: '100000',
    JOB_LOCK_SECONDS: '2',
    LOG_LEVEL: 'warn',
  });
  const base = (name: 'A' | 'B') => `http://127.0.0.1:${ports[name]}`;
  const targets = () => (['A', 'B'] as const).map((name) => ({ name, base: base(name), headers: { authorization: `Token ${token}` } }));

  async function api(path: string, init: { method?: string; body?: unknown; authorization?: string } = {}) {
    const res = await fetch(`${base('A')}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: init.authorization ?? `Token ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, text: await res.text() };
  }

  /** Acknowledged writes and revocations of one run, and what the revoked tokens were answered afterwards. */
  class Ledger {
    readonly subscriptions = new Set<string>();
    readonly entries = new Set<string>();
    /** Refresh enqueues answered 2xx, with when they were sent. */
    readonly refreshes: { video: string; sentAt: number }[] = [];
    /** Tokens whose revocation answered success, with when the answer came. */
    readonly revoked: { token: string; at: number }[] = [];
    /** A revoked token that an instance accepted (2xx) after its revocation answered success. */
    readonly accepted: string[] = [];
    readonly checkAnswers: Record<string, number> = {};
    readonly checkLatencies: number[] = [];
    private readonly checks: Promise<void>[] = [];

    /** Uses the token on both instances; any 2xx is a revoked token accepted. */
    check(revoked: string, when: string): void {
      for (const name of ['A', 'B'] as const) {
        const t0 = now();
        this.checks.push(
          fetch(`${base(name)}/api/v1/auth/preferences`, { headers: { authorization: `Bearer ${revoked}` }, signal: AbortSignal.timeout(15_000) })
            .then(async (res) => {
              await res.arrayBuffer();
              this.checkAnswers[res.status] = (this.checkAnswers[res.status] ?? 0) + 1;
              if (res.ok) this.accepted.push(`${name} ${when}: ${res.status} for ${JSON.parse(revoked).session}`);
            })
            .catch((error: Error) => {
              this.checkAnswers[error.name] = (this.checkAnswers[error.name] ?? 0) + 1;
            })
            .finally(() => this.checkLatencies.push(now() - t0)),
        );
      }
    }

    checkAll(when: string): void {
      for (const { token: revoked } of this.revoked) this.check(revoked, when);
    }

    async settled(): Promise<void> {
      while (this.checks.length) await Promise.all(this.checks.splice(0));
    }
  }

  /**
   * The mix: 30 % preferences, 15 % a catalog video, 5 % ping, 5 % subscriptions read, 10 % subscribes
   * (each to a new channel), 15 % playlist adds, 10 % token revocations, 10 % refresh enqueues.
   */
  function planner(ledger: Ledger): (i: number) => PlannedRequest {
    return (i) => {
      const slot = i % 20;
      if (slot < 6 || (slot >= 16 && slot < 18 && !revocable.length)) return { kind: 'read preferences', method: 'GET', path: '/api/v1/auth/preferences' };
      if (slot < 9) return { kind: 'read video', method: 'GET', path: `/api/v1/videos/${seededVideo(i)}` };
      if (slot < 10) return { kind: 'ping', method: 'GET', path: '/api/ping/' };
      if (slot < 11) return { kind: 'read subscriptions', method: 'GET', path: '/api/v1/auth/subscriptions' };
      if (slot < 13) {
        const channel = subscribable(subscribeNext++ % SUBSCRIBABLE);
        return { kind: 'subscribe', method: 'POST', path: `/api/v1/auth/subscriptions/${channel}`, onSuccess: () => ledger.subscriptions.add(channel) };
      }
      if (slot < 16) {
        return {
          kind: 'write playlist entry',
          method: 'POST',
          path: `/api/v1/auth/playlists/${playlists[i % playlists.length]}/videos`,
          body: { videoId: seededVideo(i) },
          onSuccess: (body) => ledger.entries.add((body as { indexId: string }).indexId),
        };
      }
      if (slot < 18) {
        const revoke = revocable.pop()!;
        return {
          kind: 'revoke token',
          method: 'POST',
          path: '/api/v1/auth/tokens/unregister',
          headers: { authorization: `Bearer ${revoke}` },
          onSuccess: () => {
            ledger.revoked.push({ token: revoke, at: now() });
            ledger.check(revoke, 'right after its revocation');
          },
        };
      }
      const video = loadChannel.videos[enqueueNext++ % loadChannel.videos.length].id;
      const sentAt = now();
      return {
        kind: 'enqueue refresh',
        method: 'POST',
        path: '/api/refresh/',
        body: { video: [video] },
        onSuccess: () => ledger.refreshes.push({ video, sentAt }),
      };
    };
  }

  /** Acknowledged subscribes and playlist adds in the database; the refreshes that must have run, run. */
  async function verify(ledger: Ledger, mustRun: (sentAt: number) => boolean) {
    const missing: string[] = [];
    const subs = await db.query<{ channel_id: string }>('SELECT channel_id FROM subscriptions WHERE user_id = $1', [userId]);
    const subscribed = new Set(subs.rows.map((r) => r.channel_id));
    for (const id of ledger.subscriptions) if (!subscribed.has(id)) missing.push(`subscription ${id}`);
    const entries = await db.query<{ index_id: string }>('SELECT index_id::text FROM playlist_videos WHERE playlist_id = ANY($1)', [playlists]);
    const stored = new Set(entries.rows.map((r) => r.index_id));
    for (const hex of ledger.entries) if (!stored.has(BigInt(`0x${hex}`).toString())) missing.push(`playlist entry ${hex}`);
    const required = [...new Set(ledger.refreshes.filter((r) => mustRun(r.sentAt)).map((r) => r.video))];
    const all = [...new Set(ledger.refreshes.map((r) => r.video))];
    const ran = async (ids: string[]) => new Set((await db.query<{ id: string }>('SELECT id FROM videos WHERE id = ANY($1)', [ids])).rows.map((r) => r.id));
    // Jobs that failed while Redis was away are retried 10 s and 20 s later.
    await waitFor('every acknowledged refresh that must run to have run', async () => (await ran(required)).size === required.length, 90_000, {
      ...POLL,
      everyMs: 1000,
    }).catch(() => undefined);
    const done = await ran(all);
    for (const id of required) if (!done.has(id)) missing.push(`refresh ${id}`);
    return { missing, required: required.length, acked: all.length, ranOfAcked: all.filter((id) => done.has(id)).length };
  }

  /** Every failure of the load is a 503 with a JSON body in the dialect's shape. */
  const notA503 = (samples: Sample[]) =>
    samples
      .filter((s) => s.error)
      .filter((s) => {
        if (s.error !== 'http 503') return true;
        try {
          const body = JSON.parse(s.body ?? '') as Record<string, unknown>;
          return typeof (body.error ?? body.detail) !== 'string';
        } catch {
          return true;
        }
      })
      .map((s) => `${s.target} ${s.kind}: ${s.error} ${s.body ?? ''}`);

  async function scenario(name: string, fault: (marks: { start: number; end: number }, ledger: Ledger) => Promise<void>) {
    const ledger = new Ledger();
    const marks = { start: 0, end: 0 };
    const load = new LoadRun(targets(), REDIS_RATE, planner(ledger));
    const samples = await load.run(REDIS_SCENARIO_MS, [{ at: REDIS_FAULT_AT_MS, run: () => fault(marks, ledger) }]);
    allSamples[name] = samples;
    ledger.checkAll('at the end of the load');
    await ledger.settled();
    const latencies = samples.map((s) => s.t1 - s.t0);
    const during = samples.filter((s) => s.t0 >= marks.start - LATENCY_BOUND_MS && s.t0 <= marks.end).map((s) => s.t1 - s.t0);
    const slow = samples
      .filter((s) => s.t1 - s.t0 > LATENCY_BOUND_MS || s.error === 'timeout')
      .map((s) => `${s.target} ${s.kind}: ${Math.round(s.t1 - s.t0)} ms ${s.error ?? ''}`);
    const slowChecks = ledger.checkLatencies.filter((ms) => ms > LATENCY_BOUND_MS);
    return { ledger, marks, samples, latencies, during, slow, slowChecks };
  }

  function record(label: string, run: Awaited<ReturnType<typeof scenario>>, verified: Awaited<ReturnType<typeof verify>>, refreshNote: string): void {
    const { ledger, samples, latencies, during } = run;
    const revokes = samples.filter((s) => s.kind === 'revoke token');
    rows.push({
      scenario: label,
      seconds: REDIS_SCENARIO_MS / 1000,
      sent: samples.length,
      errors: describeTally(tally(samples)),
      acked: ledger.subscriptions.size + ledger.entries.size + ledger.refreshes.length,
      verified: `${ledger.subscriptions.size} subscribes, ${ledger.entries.size} playlist adds: ${verified.missing.filter((m) => !m.startsWith('refresh')).length} missing; refreshes: ${refreshNote}`,
      failFastMs: `max ${Math.round(Math.max(0, ...during))} ms during the fault, ${Math.round(Math.max(0, ...latencies))} ms over the run (bound ${LATENCY_BOUND_MS} ms; p99 ${Math.round(percentile(latencies, 99))} ms)`,
      recoveryMs: '–',
      notes: `revocations: ${revokes.length} sent, ${ledger.revoked.length} answered success, ${revokes.filter((s) => s.status === 503).length} answered 503; checks of revoked tokens on both instances: ${describeTally(Object.fromEntries(Object.entries(ledger.checkAnswers).map(([k, v]) => [`${k}`, v])))}; accepted after success: ${ledger.accepted.length}`,
    });
  }

  beforeAll(async () => {
    fake = await FakeUpstream.start([loadChannel]);
    postgres = await ScratchPostgres.create();
    await postgres.start();
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE tubevault');
    await admin.end();
    redis = new ScratchRedis(await freePort());
    await redis.start();

    ports = { A: await freePort(), B: await freePort() };
    const startApi = async (port: number) => {
      processes.push(new ServiceProcess({ ...env(), ROLE: 'api', PORT: String(port) }));
      await waitForPort(port, 60_000);
      await waitFor('readiness', async () => (await fetch(`http://127.0.0.1:${port}/api/health/ready/`)).status === 200, 60_000, POLL);
    };
    await startApi(ports.A);
    const worker = new ServiceProcess({ ...env(), ROLE: 'worker', LOG_LEVEL: 'info' });
    processes.push(worker);
    await Promise.all([startApi(ports.B), worker.waitFor(/worker ready/, 60_000)]);

    db = new pg.Pool({ connectionString: postgres.url('tubevault'), max: 4 });
    db.on('error', () => undefined);
    await db.query('INSERT INTO channels (id, name) VALUES ($1, $2)', [SEED_CHANNEL, 'Chaos seed']);
    await db.query(
      `INSERT INTO videos (id, channel_id, channel_name, title, length_seconds, published)
       SELECT 'h' || lpad(n::text, 10, '0'), $1, 'Chaos seed', 'Seeded video ' || n, 100, now() - n * interval '1 minute'
       FROM generate_series(0, $2 - 1) n`,
      [SEED_CHANNEL, SEEDED],
    );
    await db.query(
      `INSERT INTO channels (id, name) SELECT 'UC' || rpad('rf', 12, '0') || lpad(n::text, 10, '0'), 'Subscribable ' || n FROM generate_series(0, $1 - 1) n`,
      [SUBSCRIBABLE],
    );

    const login = await fetch(`${base('A')}/api/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    token = ((await login.json()) as { token: string }).token;
    userId = (JSON.parse((await api('/api/ping/')).text) as { user: number }).user;
    for (let n = 0; n < 40; n++) {
      const created = await api('/api/v1/auth/playlists', { method: 'POST', body: { title: `Redis chaos ${n}`, privacy: 'private' } });
      playlists.push((JSON.parse(created.text) as { playlistId: string }).playlistId);
    }
    for (let n = 0; n < REVOCABLE; n++) {
      const minted = await api('/api/v1/auth/tokens/register', { method: 'POST', body: { scopes: ['GET:preferences', 'POST:tokens/unregister'] } });
      if (minted.status !== 200) throw new Error(`minting a token: ${minted.status} ${minted.text}`);
      revocable.push(minted.text);
    }
  }, 240_000);

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL').catch(() => undefined);
    if (process.env.CHAOS_LOGS) {
      mkdirSync(process.env.CHAOS_LOGS, { recursive: true });
      processes.forEach((p, i) => writeFileSync(join(process.env.CHAOS_LOGS!, `redis-faults-process-${i}.log`), p.output.join('\n')));
      writeFileSync(join(process.env.CHAOS_LOGS, 'redis-faults-samples.json'), JSON.stringify(allSamples));
    }
    await db?.end().catch(() => undefined);
    await redis?.stop();
    await postgres?.destroy();
    await fake?.close();
    writeReliabilitySection(
      'redis-faults',
      [
        '## Redis stalled and killed under load (`test/chaos/faults.chaos-spec.ts`, `npm run test:chaos`)',
        '',
        `Last run: ${runStamp()}. Two API processes and one worker as above, with \`REDIS_COMMAND_TIMEOUT_MS=${COMMAND_TIMEOUT_MS}\`, on a scratch PostgreSQL and a scratch redis-server without persistence (\`--save ""\`, no append-only file). Open-loop load of ${REDIS_RATE} requests/s over both instances for ${REDIS_SCENARIO_MS / 1000} s: 30 % preferences, 15 % a catalog video, 5 % ping, 5 % subscriptions read, 10 % subscribes (each to another channel), 15 % playlist adds, 10 % revocations (a token unregistering itself), 10 % refresh enqueues. The fault starts ${REDIS_FAULT_AT_MS / 1000} s in. Each revocation that answers success is followed at once by the token's use on both instances, again when the fault ends and at the end of the load; any 2xx there is a revoked token accepted. The latency bound is ${LATENCY_BOUND_MS} ms: twice the command timeout (a command is retried over one reconnect), the 1 s revocation lease and 1.5 s for scheduling on a busy machine. "Latency" is the slowest answer (any status) of a request sent from the bound before the fault to its end, and of the whole run.`,
        '',
        table(
          ['scenario', 'seconds', 'requests sent', 'outcomes', 'writes acknowledged', 'kept afterwards', 'latency', 'notes'],
          rows.map((r) => [r.scenario, r.seconds, r.sent, r.errors, r.acked, r.verified, r.failFastMs, r.notes]),
        ),
      ].join('\n'),
    );
  });

  it('Redis stalled (SIGSTOP) for 5 s: every request answered within the bound, no revoked token accepted, nothing acknowledged lost', async () => {
    const run = await scenario('stall', async (marks, ledger) => {
      marks.start = now();
      redis.signal('SIGSTOP');
      await sleep(STALL_MS);
      redis.signal('SIGCONT');
      marks.end = now();
      ledger.checkAll('when Redis answered again');
    });
    // Redis kept its data: every acknowledged enqueue must run.
    const verified = await verify(run.ledger, () => true);
    record(
      `Redis stalled (SIGSTOP) for ${STALL_MS / 1000} s, then SIGCONT`,
      run,
      verified,
      `${verified.ranOfAcked}/${verified.acked} acknowledged ran (all must)`,
    );
    expect(run.samples.filter((s) => s.kind === 'revoke token' && !s.error).length).toBeGreaterThan(0);
    expect(run.samples.filter((s) => s.error === 'http 503').length).toBeGreaterThan(0);
    expect(run.slow).toEqual([]);
    expect(run.slowChecks).toEqual([]);
    expect(notA503(run.samples).slice(0, 10)).toEqual([]);
    expect(run.ledger.accepted).toEqual([]);
    expect(verified.missing).toEqual([]);
  });

  it('Redis killed (SIGKILL, no persistence) and restarted after 3 s: every request answered within the bound, no revoked token accepted, acknowledged writes kept and enqueues acknowledged after the kill run', async () => {
    let killedAt = Infinity;
    const run = await scenario('kill', async (marks, ledger) => {
      marks.start = now();
      await redis.stop();
      killedAt = now();
      await sleep(KILL_DOWN_MS);
      await redis.start();
      marks.end = now();
      ledger.checkAll('when Redis was back');
    });
    // The killed Redis lost its queue: only enqueues the new Redis acknowledged must run.
    const verified = await verify(run.ledger, (sentAt) => sentAt >= killedAt);
    record(
      `Redis killed (SIGKILL) and restarted empty after ${KILL_DOWN_MS / 1000} s`,
      run,
      verified,
      `${verified.required} acknowledged after the kill, all must run; ${verified.ranOfAcked}/${verified.acked} acknowledged ran in all`,
    );
    expect(run.samples.filter((s) => s.kind === 'revoke token' && !s.error).length).toBeGreaterThan(0);
    expect(verified.required).toBeGreaterThan(0);
    expect(run.samples.filter((s) => s.error === 'http 503').length).toBeGreaterThan(0);
    expect(run.slow).toEqual([]);
    expect(run.slowChecks).toEqual([]);
    expect(notA503(run.samples).slice(0, 10)).toEqual([]);
    expect(run.ledger.accepted).toEqual([]);
    expect(verified.missing).toEqual([]);
  });
});
