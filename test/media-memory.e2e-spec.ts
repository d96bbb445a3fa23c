import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { freePort } from './support/redis-server.js';
import { TEST_REDIS_URL } from './support/env.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(180_000);

const SIZE = 100 * 1024 * 1024;
const MB = 1024 * 1024;

/** Resident memory of a process in bytes: now (VmRSS) and its peak so far (VmHWM), from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

describe('the media proxy keeps memory flat (docs/dialects/invidious.md#playback)', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let service: ServiceProcess;
  let port: number;
  const channel = fakeChannel(81, 1, 'Big File Band');

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    fake.streamedMediaSize = SIZE;
    world = await TestWorld.create();
    port = await freePort();
    service = new ServiceProcess({
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: world.redisPrefix,
      ROLE: 'api',
      PORT: String(port),
      UPSTREAM_URL: fake.url,
    });
    await service.waitFor(/listening: http:\/\/127\.0\.0\.1:\d+/);
  });
  afterAll(async () => {
    await service?.stop();
    await world.close();
    await fake.close();
  });

  it('streams a 100 MB file through /latest_version without raising the server process peak memory by 20 MB', async () => {
    const url = `http://127.0.0.1:${port}/latest_version?id=${channel.videos[0].id}&itag=18`;
    // A first 16 MB range, so what the first streamed request loads (code, pools, the heap's first growth) is not counted.
    const warm = await fetch(url, { headers: { range: `bytes=0-${16 * MB - 1}` } });
    expect(warm.status).toBe(206);
    for await (const _ of warm.body!);

    const before = memoryOf(service.pid);
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memoryOf(service.pid).rss);
    }, 25);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    // Read as a stream, checking the pattern (byte i is i % 251) without keeping the bytes.
    let received = 0;
    let wrong = 0;
    for await (const chunk of res.body!) {
      const bytes = chunk as Uint8Array;
      if (bytes[0] !== received % 251 || bytes[bytes.length - 1] !== (received + bytes.length - 1) % 251) wrong++;
      received += bytes.length;
    }
    clearInterval(sampler);
    const after = memoryOf(service.pid);
    peakRss = Math.max(peakRss, after.rss);

    expect([received, wrong]).toEqual([SIZE, 0]);
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    console.log(
      `media proxy, 100 MB through /latest_version: RSS before ${mb(before.rss)}, sampled peak ${mb(peakRss)}, after ${mb(after.rss)} ` +
        `(growth ${mb(peakRss - before.rss)}); VmHWM after the 16 MB warm-up ${mb(before.peak)}, after the 100 MB ${mb(after.peak)} ` +
        `(growth ${mb(after.peak - before.peak)})`,
    );
    // RSS saws up and down with garbage collection by tens of MB whatever the file's size, so the
    // measure is the process's high-water mark: a proxy that held the file would raise it by ~100 MB.
    expect(after.peak - before.peak).toBeLessThan(20 * MB);
  });
});
