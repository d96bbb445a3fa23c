import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { QUEUES } from '../src/platform/queue/queues.js';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { TEST_REDIS_URL } from './support/env.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

/**
 * A queued job starts soon after a worker is ready, whatever the previous worker did on its way
 * out. The bound is generous on purpose: it separates "at once" from Bull's stall check at the
 * default lock (30-60 s); it does not measure speed. A job left active needs two passes of the
 * stall check (every 5 s, so up to 10 s) and then its own run, on a machine that may be running
 * other test files at the same time: 25 s.
 */
const START_BOUND_MS = 25_000;

describe('refreshes queued while no worker runs, then a new worker (default JOB_LOCK_SECONDS)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let api: NestFastifyApplication;
  let queue: Queue;
  let redis: Redis;
  let token: string;
  const workers: ServiceProcess[] = [];
  const channel = fakeChannel(11, 2);

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    api = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url });
    queue = api.get<Queue>(getQueueToken(QUEUES.refresh));
    redis = new Redis(TEST_REDIS_URL);
    token = await loginToken(api);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    redis.disconnect();
    await world.close();
    await fake.close();
  });

  const startWorker = async () => {
    const worker = new ServiceProcess({
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: world.redisPrefix,
      ROLE: 'worker',
      UPSTREAM_URL: fake.url,
      LOG_LEVEL: 'info',
    });
    workers.push(worker);
    await worker.waitFor(/worker ready/, 60_000);
    return worker;
  };

  async function refresh(videoId: string): Promise<void> {
    const res = await api.inject({
      method: 'POST',
      url: '/api/refresh/',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ video: [videoId] }),
    });
    expect(res.statusCode).toBe(200);
  }

  const stateOf = async (videoId: string) => (await queue.getJob(`video:${videoId}`))?.getState();

  /** The job completes within START_BOUND_MS of a worker started now being ready. */
  async function expectRunByNewWorker(videoId: string): Promise<void> {
    const worker = await startWorker();
    await waitFor(`the job of ${videoId} to complete`, async () => (await stateOf(videoId)) === 'completed', START_BOUND_MS, { everyMs: 100 });
    expect((await worker.stop('SIGTERM')).code).toBe(0);
  }

  it('a worker told to stop (SIGTERM) takes no new job; the next worker runs it', async () => {
    const video = channel.videos[0].id;
    const first = await startWorker();
    // Idle long enough to sit in Bull's blocking wait for the next job.
    await new Promise((r) => setTimeout(r, 1000));
    const stopped = first.stop('SIGTERM');
    await first.waitFor(/SIGTERM: finishing in-flight work/);
    await refresh(video);
    expect((await stopped).code).toBe(0);
    // Not taken (and run, or left active) by the worker that was stopping.
    expect(await stateOf(video)).toBe('waiting');
    await expectRunByNewWorker(video);
  });

  it('a job left active without a lock (its worker gone between taking and locking it) runs on the next worker', async () => {
    const video = channel.videos[1].id;
    await refresh(video);
    // What a worker's blocking fetch does before it locks the job.
    const keys = (list: string) => `${world.redisPrefix}:bull:${QUEUES.refresh}:${list}`;
    expect(await redis.rpoplpush(keys('wait'), keys('active'))).toBe(`video:${video}`);
    expect(await stateOf(video)).toBe('active');
    await expectRunByNewWorker(video);
  });
});
