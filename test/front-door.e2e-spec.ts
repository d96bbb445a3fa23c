import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_INFO } from '../src/platform/app-info.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { TestWorld } from './support/test-app.js';

describe('the front page (GET /)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
  });
  afterAll(() => world.close());

  const get = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/', headers });

  it('names the instance and its version, shows Postgres and Redis up, and links the login and the API documentation', async () => {
    const res = await get({ host: 'tube.example.org:8080' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain(`<title>tubevault ${APP_INFO.version}</title>`);
    expect(res.body).toContain('<h1>tubevault</h1>');
    expect(res.body).toContain(`Version ${APP_INFO.version}.`);
    expect(res.body).toContain('<li>PostgreSQL: up</li><li>Redis: up</li>');
    expect(res.body).toContain('<a href="/login">Log in</a>');
    expect(res.body).toContain('<a href="/docs">API documentation</a>');
    expect(res.body).toContain('<a href="/api/health/ready/">');
    expect(res.body).not.toContain('Signed in as');
    // The URL to paste into Materialious, Clipious, FreeTube or the TubeArchivist extension.
    expect(res.body).toContain('Instance URL: <code>http://tube.example.org:8080</code>');
    expect(res.body).toMatch(/Materialious, Clipious or FreeTube .* TubeArchivist browser extension/);
  });

  it('escapes a hostile Host header in the instance URL', async () => {
    const res = await get({ host: '"><script>alert(1)</script><a x=\'' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('Instance URL: <code>http://&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&#39;</code>');
  });

  it('shows a browser signed in with its SID cookie who it is, with the way out instead of the login link', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const res = await get({ cookie: sid });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Signed in as <b>${ADMIN.username}</b> (<a href="/login">sign out</a>)`);
    expect(res.body).not.toContain('>Log in</a>');
    // A cookie naming no live session is simply not signed in.
    expect((await get({ cookie: 'SID=v1:not-a-session' })).body).toContain('<a href="/login">Log in</a>');
  });

  it('gives PUBLIC_URL (without trailing slashes) as the instance URL when it is set, whatever the Host', async () => {
    const behindProxy = await world.startApp({ PUBLIC_URL: 'https://tube.example.org/' });
    const res = await behindProxy.inject({ method: 'GET', url: '/', headers: { host: 'internal:3000' } });
    expect(res.body).toContain('Instance URL: <code>https://tube.example.org</code>');
    expect(res.body).not.toContain('internal:3000');
  });
});
