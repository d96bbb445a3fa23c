import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ScratchRedis, freePort } from './support/redis-server.js';
import { TestWorld } from './support/test-app.js';

describe('HTTP foundation (real Postgres and Redis)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp();
  });
  afterAll(() => world.close());

  it('serves liveness with and without the trailing slash', async () => {
    for (const url of ['/api/health', '/api/health/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    }
  });

  it('reports readiness of Postgres and Redis', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health/ready/' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers unknown routes with 404 JSON in each dialect', async () => {
    const ta = await app.inject({ method: 'GET', url: '/api/nope/' });
    expect(ta.statusCode).toBe(404);
    expect(ta.headers['content-type']).toMatch(/^application\/json/);
    expect(ta.json()).toEqual({ detail: 'Not found.' });

    const iv = await app.inject({ method: 'PUT', url: '/api/v1/nope' });
    expect(iv.statusCode).toBe(404);
    expect(iv.json()).toEqual({ error: "Requested path: 'PUT:/api/v1/nope' was not found." });

    const other = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ detail: 'Not found.' });
  });

  it('answers a wrong method on a known TubeArchivist route with 405 and Allow', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/health/' });
    expect(res.statusCode).toBe(405);
    expect(res.json()).toEqual({ detail: 'Method "PUT" not allowed.' });
    expect(res.headers.allow).toContain('GET');
  });

  it('refuses a body over 1 MiB with 413 JSON', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    const ta = await app.inject({ method: 'POST', url: '/api/health/', headers: { 'content-type': 'application/json' }, payload });
    expect(ta.statusCode).toBe(413);
    expect(ta.json()).toEqual({ detail: 'Request body too large: at most 1 MiB.' });
    const iv = await app.inject({ method: 'POST', url: '/api/v1/anything', headers: { 'content-type': 'application/json' }, payload });
    expect(iv.statusCode).toBe(413);
    expect(iv.json()).toEqual({ error: 'Request body is larger than 1 MiB' });
  });

  it('refuses malformed JSON with 400 in the dialect shape', async () => {
    const ta = await app.inject({ method: 'POST', url: '/api/health/', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect(ta.statusCode).toBe(400);
    expect(ta.json().detail).toMatch(/^JSON parse error - /);
    const iv = await app.inject({ method: 'POST', url: '/api/v1/x', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect(iv.statusCode).toBe(400);
    expect(iv.json().error).toMatch(/^Malformed JSON body: /);
  });

  it('treats an empty JSON body as no body', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health/', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
  });

  it('serves Swagger UI from local assets and the raw spec', async () => {
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
    const html = ui.body;
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const res = await app.inject({ method: 'GET', url: asset.startsWith('docs/') ? `/${asset}` : `/docs/${asset}` });
      expect(res.statusCode).toBe(200);
    }
    const spec = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().info.title).toBe('tubevault');
  });

  it('identifies itself to Invidious clients at /api/v1/stats (Clipious checks software.name)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/stats' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ software: { name: 'invidious', version: expect.stringMatching(/^\d+\.\d+\.\d+/), branch: 'tubevault' } });
  });

  it('writes a request id on every response log line and never an error stack to clients', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/x', headers: { 'content-type': 'application/json' }, payload: '[' });
    expect(res.body).not.toMatch(/at \w+ \(|node_modules/);
  });
});

describe('readiness follows Redis going down and coming back', () => {
  let world: TestWorld;
  let redis: ScratchRedis;

  beforeAll(async () => {
    world = await TestWorld.create();
    redis = new ScratchRedis(await freePort());
    await redis.start();
  });
  afterAll(async () => {
    await world.close();
    await redis.stop();
  });

  it('answers 503 naming Redis while it is down, liveness stays 200, and recovers without a restart', async () => {
    const app = await world.startApp({ REDIS_URL: redis.url });
    expect((await app.inject({ method: 'GET', url: '/api/health/ready/' })).statusCode).toBe(200);

    await redis.stop();
    const down = await app.inject({ method: 'GET', url: '/api/health/ready/' });
    expect(down.statusCode).toBe(503);
    expect(down.json().detail).toMatch(/redis is down/);
    expect(down.json().redis.status).toBe('down');
    expect(down.json().database.status).toBe('up');
    expect((await app.inject({ method: 'GET', url: '/api/health/' })).statusCode).toBe(200);

    await redis.start();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await app.inject({ method: 'GET', url: '/api/health/ready/' })).statusCode;
    }
    expect(status).toBe(200);
  });
});
