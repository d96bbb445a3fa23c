import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { ARTIFACTS, launchChromium, STEP_TIMEOUT_MS } from './support/chromium.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

describe('Swagger UI at /docs in a real browser', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // Fail, never skip: a machine without Chromium would otherwise pass without testing the UI.
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium('the Swagger UI test');
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('authorizes with a bearer token and runs "Try it out" on GET /api/ping/, all from local assets', async () => {
    const login = await fetch(`${baseUrl}/api/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };

    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:')) foreignRequests.push(url);
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    try {
      const docs = await page.goto(`${baseUrl}/docs`);
      expect(docs?.status()).toBe(200);
      await page.locator('.swagger-ui .info .title', { hasText: 'tubevault' }).waitFor();

      await page.locator('.swagger-ui .auth-wrapper button.authorize').click();
      const bearer = page.locator('.modal-ux .auth-container').filter({ has: page.locator('h4', { hasText: /^bearer\b/ }) });
      await bearer.locator('input').fill(token);
      await bearer.locator('button.authorize').click();
      // Once authorized, the scheme's form offers "Logout" instead of "Authorize".
      await bearer.locator('button', { hasText: 'Logout' }).waitFor();
      await page.locator('.modal-ux button.close-modal').click();

      const ping = page.locator('#operations-tubearchivist-ping');
      await ping.locator('.opblock-summary').click();
      await ping.locator('button.try-out__btn').click();
      await ping.locator('button.execute').click();
      const liveResponse = ping.locator('.live-responses-table .response');
      await liveResponse.locator('.response-col_status', { hasText: '200' }).waitFor();
      const body = JSON.parse(await liveResponse.locator('.response-col_description pre').first().innerText()) as Record<string, unknown>;
      expect(body).toMatchObject({ response: 'pong', user: expect.any(Number) });
      // The request Swagger UI shows it sent carries the token exactly as entered.
      await expect(ping.locator('.curl-command').innerText()).resolves.toContain(`Authorization: Bearer ${token}`);

      expect(foreignRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
      await ping.scrollIntoViewIfNeeded();
    } finally {
      // Whatever the page shows at the end, success or the step that failed.
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}swagger-ui-ping.png`, timeout: STEP_TIMEOUT_MS });
      await page.close();
    }
  });
});
