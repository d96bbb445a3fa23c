import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fakeChannel, FakeUpstream, MEDIA_SIZE, mediaBytes } from './support/fake-upstream.js';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

const ORIGIN = 'http://localhost:80';

interface Instance {
  url: string;
  state: 'closed' | 'half-open' | 'open';
  latencyMs: number | null;
  nextProbeAt?: string;
}

describe('several Invidious upstreams (docs/dialects/invidious.md#several-upstreams)', () => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  const band = fakeChannel(71, 6, 'Pooled Band');
  const other = fakeChannel(72, 3, 'Second Band');
  let query = 0;
  const get = (url: string) => app.inject({ method: 'GET', url });
  /** A pass-through read the cache cannot answer (a new query each time). */
  const search = () => get(`/api/v1/search?q=band+${++query}`);
  const instances = async () => ((await get('/api/health/ready/')).json() as { upstream: { status: string; instances: Instance[] } }).upstream;
  const stateOf = async (fake: FakeUpstream) => (await instances()).instances.find((i) => i.url === fake.url)!.state;
  const metrics = async () => parsePrometheusText((await get('/metrics')).body);

  beforeAll(async () => {
    a = await FakeUpstream.start([band, other]);
    b = await FakeUpstream.start([band, other]);
    for (const fake of [a, b]) fake.serveStreams = true;
    world = await TestWorld.create();
    app = await world.startApp({
      UPSTREAM_URL: ` ${a.url}, ${b.url}/ ,${a.url}`,
      UPSTREAM_FAILURE_THRESHOLD: '2',
      // Long enough that the reads below finish before the stopped instance's probe is due.
      UPSTREAM_COOLDOWN_SECONDS: '3',
      ROLE: 'api',
    });
  });
  afterAll(async () => {
    await world.close();
    await a.close();
    await b.close();
  });

  it('spreads reads over both instances and lists both, closed, in readiness and metrics', async () => {
    for (let i = 0; i < 4; i++) expect((await search()).statusCode).toBe(200);
    expect([a.count('/api/v1/search'), b.count('/api/v1/search')]).toEqual([2, 2]);
    const ready = await get('/api/health/ready/');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().upstream).toEqual({
      status: 'up',
      instances: [
        { url: a.url, state: 'closed', latencyMs: expect.any(Number) },
        { url: b.url, state: 'closed', latencyMs: expect.any(Number) },
      ],
    });
    const samples = await metrics();
    for (const fake of [a, b]) {
      expect(sampleValue(samples, 'tubevault_upstream_instance_circuit_state', { instance: fake.url })).toBe(0);
      expect(sampleValue(samples, 'tubevault_upstream_instance_requests_total', { instance: fake.url })).toBe(2);
      expect(sampleValue(samples, 'tubevault_upstream_instance_failures_total', { instance: fake.url })).toBe(0);
      expect(sampleValue(samples, 'tubevault_upstream_instance_latency_ewma_seconds', { instance: fake.url })).toBeGreaterThan(0);
    }
  });

  it('with one instance stopped, every read succeeds through the other, and the stopped one gets nothing while its circuit is open', async () => {
    a.down = true;
    const before = a.requests.length;
    // Round-robin sends each of the next reads to the stopped instance first; each is retried on the other.
    for (let i = 0; i < 2; i++) {
      const res = await search();
      expect(res.statusCode).toBe(200);
    }
    expect(a.requests.length - before).toBe(2);
    expect(await stateOf(a)).toBe('open');
    const openedAt = a.requests.length;

    // Every kind of upstream read while the circuit is open: pass-through, read-through (video and
    // channel the catalog lacks), the manifest, media and images.
    const reads = [
      ...Array.from({ length: 4 }, () => search),
      () => get(`/api/v1/videos/${band.videos[0].id}`),
      () => get(`/api/v1/channels/${other.id}`),
      () => get(`/api/manifest/dash/id/${band.videos[1].id}?local=true`),
      () => get(`/latest_version?id=${band.videos[2].id}&itag=18`),
      () => get(`/vi/${band.videos[2].id}/hqdefault.jpg`),
    ];
    for (const read of reads) expect((await read()).statusCode).toBe(200);
    expect(a.requests.length).toBe(openedAt);

    const ready = await get('/api/health/ready/');
    expect(ready.statusCode).toBe(200);
    const stopped = ready.json().upstream.instances[0] as Instance;
    expect(stopped).toEqual({ url: a.url, state: 'open', latencyMs: expect.any(Number), nextProbeAt: expect.any(String) });
    const samples = await metrics();
    expect(sampleValue(samples, 'tubevault_upstream_instance_circuit_state', { instance: a.url })).toBe(2);
    expect(sampleValue(samples, 'tubevault_upstream_instance_circuit_state', { instance: b.url })).toBe(0);
    expect(sampleValue(samples, 'tubevault_upstream_instance_failures_total', { instance: a.url })).toBe(2);
  });

  it('after the cool-down, one probe goes to the instance; back up, it serves again', async () => {
    a.down = false;
    await waitFor('the circuit to be due for its probe', async () => (await stateOf(a)) === 'half-open', 10_000, { everyMs: 100 });
    const before = a.requests.length;
    expect((await search()).statusCode).toBe(200);
    expect(a.requests.length - before).toBe(1);
    expect(await stateOf(a)).toBe('closed');
    for (let i = 0; i < 4; i++) expect((await search()).statusCode).toBe(200);
    expect(a.requests.length - before).toBe(3);
  });

  it('a failed probe reopens the circuit without costing the read', async () => {
    a.down = true;
    for (let i = 0; i < 2; i++) expect((await search()).statusCode).toBe(200);
    expect(await stateOf(a)).toBe('open');
    await waitFor('the circuit to be due for its probe', async () => (await stateOf(a)) === 'half-open', 10_000, { everyMs: 100 });
    const before = a.requests.length;
    expect((await search()).statusCode).toBe(200);
    expect(a.requests.length - before).toBe(1);
    const reopened = (await instances()).instances[0];
    expect(reopened.state).toBe('open');
    a.down = false;
  });

  it('with every instance open, reads answer 502 naming each instance and when it is probed, and readiness is 503', async () => {
    a.down = true;
    b.down = true;
    for (let i = 0; i < 6 && (await instances()).status === 'up'; i++) await search();
    expect((await instances()).status).toBe('down');
    const counts = [a.requests.length, b.requests.length];
    const res = await search();
    expect(res.statusCode).toBe(502);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.json().error).toMatch(
      new RegExp(
        `^Upstream error: no upstream instance can take a request: ${a.url} \\(failing; next probe in \\d+ s\\), ${b.url} \\(failing; next probe in \\d+ s\\)$`,
      ),
    );
    expect([a.requests.length, b.requests.length]).toEqual(counts);
    const ready = await get('/api/health/ready/');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().detail).toMatch(/^Not ready: every upstream instance is failing \(next probe at \d{4}-/);

    b.down = false;
    await waitFor('the second instance to serve again', async () => (await search()).statusCode === 200, 20_000, { everyMs: 200 });
    expect((await get('/api/health/ready/')).statusCode).toBe(200);
    a.down = false;
    await waitFor('the first instance to close again', async () => (await search()).statusCode === 200 && (await stateOf(a)) === 'closed', 20_000, {
      everyMs: 200,
    });
  });

  it('media URLs made local stay pinned to the instance whose answer held them', async () => {
    const video = other.videos[1];
    const res = await get(`/api/v1/videos/${video.id}?local=true`);
    expect(res.statusCode).toBe(200);
    const url = (res.json() as { formatStreams: { url: string }[] }).formatStreams[0].url;
    const pin = Number(new URL(url).searchParams.get('tv_upstream'));
    const owner = pin === 0 ? a : b;
    const stranger = pin === 0 ? b : a;
    expect(url).toMatch(new RegExp(`^${ORIGIN}/videoplayback\\?id=${video.id}&itag=18&tv_upstream=${pin}&host=`));
    const before = [owner.count('/videoplayback'), stranger.count('/videoplayback')];
    for (let i = 0; i < 3; i++) {
      const media = await get(url.slice(ORIGIN.length));
      expect([media.statusCode, media.headers['content-length'], media.rawPayload.equals(mediaBytes())]).toEqual([200, String(MEDIA_SIZE), true]);
    }
    expect([owner.count('/videoplayback'), stranger.count('/videoplayback')]).toEqual([before[0] + 3, before[1]]);
    // The pin is tubevault's own: it is not passed on.
    expect(owner.requests.filter((r) => r.startsWith('/videoplayback')).every((r) => !r.includes('tv_upstream'))).toBe(true);

    const manifest = await get(`/api/manifest/dash/id/${video.id}?local=true`);
    const baseUrls = [...manifest.body.matchAll(/<BaseURL>([^<]*)<\/BaseURL>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(baseUrls).toHaveLength(2);
    for (const base of baseUrls) expect(base).toMatch(new RegExp(`^${ORIGIN}/videoplayback\\?id=${video.id}&itag=\\d+&tv_upstream=[01]$`));

    const bad = await get(`/videoplayback?id=${video.id}&itag=18&tv_upstream=7`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'tv_upstream must be the index of a configured upstream instance (0-1); open the video again for fresh URLs' });
  });
});
