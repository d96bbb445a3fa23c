import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_ENV, bearer, loginToken } from './support/auth.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { parsePrometheusText, sampleValue, type PrometheusSample } from './support/prometheus-text.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(60_000);

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

describe('GET /metrics (Prometheus)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  const channel = fakeChannel(1, 3);

  const scrape = async (target = app, headers: Record<string, string> = bearer(METRICS_TOKEN)): Promise<PrometheusSample[]> => {
    const res = await target.inject({ method: 'GET', url: '/metrics', headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.body);
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start([channel]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url, METRICS_TOKEN });
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('after a short journey shows request, queue and auth counters, by route template', async () => {
    const token = await loginToken(app);
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: bearer(token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/users/987654/', headers: bearer(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/preferences', headers: bearer(token) })).statusCode).toBe(200);
    // Refused credentials: none, a malformed one, and a wrong password at the login.
    expect((await app.inject({ method: 'GET', url: '/api/ping/' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: 'Token not-a-token' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/login/', payload: { username: 'admin', password: 'not the password' } })).statusCode).toBe(400);
    // A refresh job, run by this process (ROLE=all) against the fake upstream.
    expect((await app.inject({ method: 'POST', url: '/api/refresh/', headers: bearer(token), payload: { video: [channel.videos[0].id] } })).statusCode).toBe(
      200,
    );

    const samples = await waitFor(
      'the refresh job in the metrics',
      async () => {
        const current = await scrape();
        return sampleValue(current, 'tubevault_queue_jobs_finished_total', { queue: 'refresh', name: 'video', outcome: 'completed' }) >= 1 && current;
      },
      30_000,
    );

    const requests = (labels: Record<string, string>) => sampleValue(samples, 'tubevault_http_requests_total', labels);
    expect(requests({ method: 'GET', route: '/api/ping', status: '200', dialect: 'tubearchivist' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/ping', status: '403' })).toBe(2);
    expect(requests({ method: 'DELETE', route: '/api/users/:id', status: '404' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/v1/auth/preferences', dialect: 'invidious' })).toBe(1);
    expect(sampleValue(samples, 'tubevault_http_request_duration_seconds_count', { route: '/api/ping', status: '200' })).toBe(1);
    // Label values are route templates, never raw URLs.
    expect(samples.filter((s) => s.labels.route?.includes('987654'))).toEqual([]);

    expect(sampleValue(samples, 'tubevault_auth_failures_total', { reason: 'missing' })).toBe(1);
    expect(sampleValue(samples, 'tubevault_auth_failures_total', { reason: 'malformed' })).toBe(1);
    expect(sampleValue(samples, 'tubevault_auth_failures_total', { reason: 'login-wrong-credentials' })).toBe(1);

    expect(sampleValue(samples, 'tubevault_queue_job_duration_seconds_count', { queue: 'refresh', name: 'video', outcome: 'completed' })).toBe(1);
    expect(sampleValue(samples, 'tubevault_queue_jobs', { queue: 'maintenance', state: 'repeatable' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'tubevault_queue_jobs', { queue: 'refresh', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.name === 'tubevault_notification_streams_open')).toBe(true);
    expect(samples.some((s) => s.name === 'tubevault_db_pool_connections' && s.labels.state === 'idle')).toBe(true);
    expect(sampleValue(samples, 'tubevault_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('refuses a scrape without METRICS_TOKEN or with a wrong one, even from loopback', async () => {
    for (const headers of [{}, bearer('wrong-token-wrong-token'), { authorization: `Token ${METRICS_TOKEN}` }]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ detail: expect.any(String) });
      expect(res.body).not.toContain('tubevault_');
    }
  });

  it('without METRICS_TOKEN, answers loopback clients only', async () => {
    const open = await world.startApp({ ROLE: 'api' });
    expect((await scrape(open, {})).length).toBeGreaterThan(0);
    const remote = await open.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toEqual({ detail: 'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere.' });
  });
});
