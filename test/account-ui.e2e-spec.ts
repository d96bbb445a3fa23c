import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { ARTIFACTS, launchChromium, STEP_TIMEOUT_MS } from './support/chromium.js';
import { TestWorld } from './support/test-app.js';

const USER = { username: 'walker', password: 'walker password' };
const CHANNEL = 'UC' + 'w'.repeat(22);

jest.setTimeout(120_000);

describe('the account page in a real browser', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    const created = await app.inject({ method: 'POST', url: '/api/users/', headers: { authorization: `Token ${await loginToken(app)}` }, payload: USER });
    expect(created.statusCode).toBe(201);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium('the account page test');
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const shot = async (page: Page, name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}account-${name}.png`, fullPage: true, timeout: STEP_TIMEOUT_MS });
  };
  const apiStatus = async (token: string) => (await fetch(`${baseUrl}/api/v1/auth/subscriptions`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('logs in from the front page, revokes a minted token, changes the password and imports a CSV', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByRole('link', { name: 'Log in' }).click();
      await page.waitForURL(/\/login$/);
      await page.locator('form[action="/login"] input[name="email"]').first().fill(USER.username);
      await page.locator('form[action="/login"] input[name="password"]').first().fill(USER.password);
      await page.locator('form[action="/login"] button[type="submit"]').first().click();
      await page.waitForURL(/\/docs/);

      await page.goto(`${baseUrl}/`);
      await page.getByRole('link', { name: 'Your account' }).click();
      await page.waitForURL(/\/account$/);
      await page.locator('li[data-current="true"]', { hasText: 'this browser' }).waitFor();

      // A token minted through the consent page, as an app would get it.
      await page.goto(`${baseUrl}/authorize_token?scopes=${encodeURIComponent(':subscriptions')}`);
      await page.getByRole('button', { name: 'Yes' }).click();
      const token = await page.locator('code').innerText();
      expect(await apiStatus(token)).toBe(200);

      await page.goto(`${baseUrl}/account`);
      const tokenRow = page.locator('li[data-kind="token"]');
      await tokenRow.filter({ hasText: ':subscriptions' }).waitFor();
      await shot(page, 'listing');
      await tokenRow.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('Token revoked.').waitFor();
      expect(await page.locator('li[data-kind="token"]').count()).toBe(0);
      expect(await apiStatus(token)).toBe(403);

      // Another session of the same user, which the password change ends.
      const other = await loginToken(app, USER.username, USER.password);
      expect((await fetch(`${baseUrl}/api/ping/`, { headers: { authorization: `Token ${other}` } })).status).toBe(200);
      await page.locator('input[name="current_password"]').fill(USER.password);
      await page.locator('input[name="new_password"]').fill('walker new password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed.').waitFor();
      expect((await fetch(`${baseUrl}/api/ping/`, { headers: { authorization: `Token ${other}` } })).status).toBe(403);
      await page.locator('li[data-current="true"]', { hasText: 'this browser' }).waitFor();
      await shot(page, 'password-changed');

      await page.locator('input[name="file"]').setInputFiles({
        name: 'subscriptions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`Channel Id,Channel Url,Channel Title\r\n${CHANNEL},http://www.youtube.com/channel/${CHANNEL},Walker\r\n`),
      });
      await page.getByRole('button', { name: 'Import' }).click();
      await page.waitForURL(/\/account\?done=imported$/);
      await page.getByText('Imported.').waitFor();
      await shot(page, 'imported');
      const subscribed = await world
        .db()
        .query('SELECT s.channel_id FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE u.username = $1', [USER.username]);
      expect(subscribed.rows.map((row) => row.channel_id)).toEqual([CHANNEL]);
      expect(pageErrors).toEqual([]);
    } finally {
      await shot(page, 'last');
      await page.close();
    }
  });
});
