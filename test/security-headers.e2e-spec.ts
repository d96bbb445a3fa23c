import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium } from 'playwright-core';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What @fastify/helmet adds to every response (src/create-app.ts, SECURITY_HEADERS). */
const HELMET = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
  'origin-agent-cluster': '?1',
  'x-xss-protection': '0',
};

describe('security headers (@fastify/helmet)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    token = await loginToken(app);
  });
  afterAll(() => world.close());

  it.each([
    ['GET', '/api/ping/', 200, true],
    ['GET', '/api/v1/auth/preferences', 200, true],
    ['GET', '/api/v1/stats', 200, false],
    ['GET', '/api/health/', 200, false],
    ['GET', '/api/ping/', 403, false],
    ['GET', '/api/v1/auth/feed', 403, false],
    ['GET', '/api/nope/', 404, false],
    ['GET', '/openapi.json', 200, false],
    ['GET', '/docs', 200, false],
  ] as const)('%s %s (%i) carries them, with the API CSP', async (method, url, status, withToken) => {
    const res = await app.inject({ method, url, headers: withToken ? { authorization: `Token ${token}` } : {} });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(HELMET);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps the browser pages’ own stricter policy (no script at all, no framing)', async () => {
    const res = await app.inject({ method: 'GET', url: '/login' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers CORS preflights unchanged (helmet does not get in the way)', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/feed',
      headers: { origin: 'https://materialious.example', 'access-control-request-method': 'GET' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('lets Swagger UI at /docs run in Chromium without a single CSP violation', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's Chromium (.ci/run does)`);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      // Page-side code as text: this project's type checking has no DOM library.
      await page.addInitScript({
        content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
      });
      const response = await page.goto(`${base}/docs`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('.swagger-ui .info .title', { hasText: 'tubevault' }).waitFor();
      await page.locator('.opblock').first().waitFor();
      const inPage = (await page.evaluate('window.__csp')) as string[];
      expect([...violations, ...inPage]).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
