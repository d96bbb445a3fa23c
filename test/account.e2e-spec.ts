import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN, ADMIN_ENV, bearer, loginToken, mintToken } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { postForms } from './support/html-forms.js';
import { TestWorld } from './support/test-app.js';

const CHANNEL_A = 'UC' + 'a'.repeat(22);
const CHANNEL_B = 'UC' + 'b'.repeat(22);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function multipart(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  const boundary = '----tubevaultTestBoundary7MA4YWxkTrZu0gW';
  const parts = Object.entries(fields).map(([name, value]) =>
    name === 'file'
      ? `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="subscriptions.csv"\r\nContent-Type: text/csv\r\n\r\n${value}\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { payload: `${parts.join('')}--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('the account page (/account)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    db = world.db();
    const created = await app.inject({
      method: 'POST',
      url: '/api/users/',
      headers: { authorization: `Token ${await loginToken(app)}` },
      payload: { username: 'viewer', password: 'viewer password' },
    });
    expect(created.statusCode).toBe(201);
  });
  afterAll(() => world.close());

  const page = async (sid: string) => {
    const res = await app.inject({ method: 'GET', url: '/account', headers: { cookie: sid } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const formOf = (html: string, action: string, contains = '') => {
    const form = postForms(html).find((f) => f.action === action && f.html.includes(contains));
    if (!form) throw new Error(`no form ${action} ${contains}`);
    return form;
  };
  const post = (sid: string, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...FORM, cookie: sid, ...headers }, payload: new URLSearchParams(fields).toString() });

  it('sends a browser without a session to the login and back, with or without the trailing slash', async () => {
    for (const url of ['/account', '/account/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login?referer=%2Faccount');
    }
    expect((await app.inject({ method: 'GET', url: '/account', headers: { cookie: 'SID=v1:nothing' } })).statusCode).toBe(302);
  });

  it('lists the browser session (this browser) and a token with scopes and dates, never a session id', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    const token = JSON.parse(await mintToken(app, await loginToken(app, 'viewer', 'viewer password'), [':feed'], 3600)) as { session: string };
    const res = await app.inject({ method: 'GET', url: '/account', headers: { cookie: sid } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toContain('Signed in as <b>viewer</b>');
    expect(res.body).toMatch(/<li data-kind="browser" data-current="true">Browser session[^<]*<b>\(this browser\)<\/b>/);
    expect(res.body).toMatch(/<li data-kind="token">API token[\s\S]*?<code>:feed<\/code>[\s\S]*?expires 20\d\d-/);
    expect(res.body).not.toContain(token.session);
    expect(res.body).not.toContain(sid.slice(4));
    // Not an admin: no user administration.
    expect(res.body).not.toContain('action="/account/users"');
  });

  it('revokes a token with one post; the token then gets 403 and the form cannot be replayed', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    const tokenText = await mintToken(app, await loginToken(app, 'viewer', 'viewer password'), [':subscriptions'], 3600);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/subscriptions', headers: bearer(tokenText) })).statusCode).toBe(200);
    const revoke = formOf(await page(sid), '/account/revoke', 'Revoke');
    const tokenForm = postForms(await page(sid)).find((f) => f.action === '/account/revoke' && f.fields.session === revoke.fields.session)!;
    const res = await post(sid, '/account/revoke', tokenForm.fields);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Token revoked\.|Session ended\./);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/subscriptions', headers: bearer(tokenText) })).statusCode).toBe(403);
    // Replayed: the CSRF token is used up.
    const replay = await post(sid, '/account/revoke', tokenForm.fields);
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('This form has expired or was already used');
  });

  it('refuses cross-site posts and missing CSRF tokens, and sends a post without a session to the login', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    const form = formOf(await page(sid), '/account/revoke');
    expect((await post(sid, '/account/revoke', form.fields, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post(sid, '/account/revoke', form.fields, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post(sid, '/account/revoke', { session: form.fields.session, csrf_token: 'x'.repeat(43) })).statusCode).toBe(403);
    const noSession = await post('SID=v1:nothing', '/account/revoke', form.fields);
    expect(noSession.statusCode).toBe(302);
    expect(noSession.headers.location).toBe('/login?referer=%2Faccount');
    // A malformed form (a field missing) is refused before anything runs.
    expect((await post(sid, '/account/revoke', { session: form.fields.session })).statusCode).toBe(400);
  });

  it("revoking this browser's own session signs it out", async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    const own = formOf(await page(sid), '/account/revoke', 'Sign out');
    const res = await post(sid, '/account/revoke', own.fields);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login');
    expect(String(res.headers['set-cookie'])).toContain('SID=; Path=/');
    expect((await app.inject({ method: 'GET', url: '/account', headers: { cookie: sid } })).statusCode).toBe(302);
  });

  it('changes the password: the current one is checked, the users rules apply, other sessions end, this browser stays in', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/users/',
      headers: { authorization: `Token ${await loginToken(app)}` },
      payload: { username: 'changer', password: 'old password' },
    });
    const sid = await browserLogin(app, 'changer', 'old password');
    const other = await browserLogin(app, 'changer', 'old password');
    const wrong = await post(sid, '/account/password', {
      ...formOf(await page(sid), '/account/password').fields,
      current_password: 'nope',
      new_password: 'new password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The current password is wrong.');
    const short = await post(sid, '/account/password', {
      ...formOf(await page(sid), '/account/password').fields,
      current_password: 'old password',
      new_password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Cannot change the password: password must be 8-1024 characters');
    const res = await post(sid, '/account/password', {
      ...formOf(await page(sid), '/account/password').fields,
      current_password: 'old password',
      new_password: 'new password',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Password changed.');
    const newSid = String(res.headers['set-cookie']).split(';')[0];
    expect(newSid).toMatch(/^SID=v1:/);
    expect((await app.inject({ method: 'GET', url: '/account', headers: { cookie: other } })).statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: '/account', headers: { cookie: sid } })).statusCode).toBe(302);
    expect(await page(newSid)).toContain('(this browser)');
    await expect(loginToken(app, 'changer', 'new password')).resolves.toBeTruthy();
  });

  it('imports a YouTube CSV uploaded as multipart/form-data, and shows a refused file on the page', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    const csv = `Channel Id,Channel Url,Channel Title\r\n${CHANNEL_A},http://www.youtube.com/channel/${CHANNEL_A},A\r\n`;
    const upload = multipart({ ...formOf(await page(sid), '/account/import').fields, format: 'subscriptions', file: csv });
    const res = await app.inject({ method: 'POST', url: '/account/import', headers: { ...upload.headers, cookie: sid }, payload: upload.payload });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/account?done=imported');
    const subscribed = await db.query("SELECT s.channel_id FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE u.username = 'viewer'");
    expect(subscribed.rows.map((r) => r.channel_id)).toEqual([CHANNEL_A]);
    expect(await (async () => (await app.inject({ method: 'GET', url: '/account?done=imported', headers: { cookie: sid } })).body)()).toContain('Imported.');

    const bad = multipart({ ...formOf(await page(sid), '/account/import').fields, format: 'subscriptions', file: 'not a subscriptions file' });
    const refused = await app.inject({ method: 'POST', url: '/account/import', headers: { ...bad.headers, cookie: sid }, payload: bad.payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Cannot import:');

    const json = multipart({ ...formOf(await page(sid), '/account/import').fields, format: 'invidious', file: JSON.stringify({ subscriptions: [CHANNEL_B] }) });
    expect((await app.inject({ method: 'POST', url: '/account/import', headers: { ...json.headers, cookie: sid }, payload: json.payload })).statusCode).toBe(
      302,
    );

    const crossSite = multipart({ ...formOf(await page(sid), '/account/import').fields, format: 'subscriptions', file: csv });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/account/import',
          headers: { ...crossSite.headers, cookie: sid, 'sec-fetch-site': 'cross-site' },
          payload: crossSite.payload,
        })
      ).statusCode,
    ).toBe(403);
    const malformed = await app.inject({
      method: 'POST',
      url: '/account/import',
      headers: { 'content-type': 'multipart/form-data', cookie: sid },
      payload: 'x',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('downloads the Invidious export through the browser session', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    expect(await page(sid)).toContain('<a href="/account/export" download>');
    const res = await app.inject({ method: 'GET', url: '/account/export', headers: { cookie: sid } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="subscription_manager.json"');
    expect(res.json().subscriptions).toEqual(expect.arrayContaining([CHANNEL_A, CHANNEL_B]));
    const anonymous = await app.inject({ method: 'GET', url: '/account/export' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/login?referer=%2Faccount');
  });

  it('lets an admin create and delete users (not the last admin); a non-admin cannot', async () => {
    const sid = await browserLogin(app, ADMIN.username, ADMIN.password);
    const html = await page(sid);
    expect(html).toContain('<h2>Users</h2>');
    const created = await post(sid, '/account/users', { ...formOf(html, '/account/users').fields, username: 'newcomer', password: 'newcomer password' });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('User newcomer created.');
    const taken = await post(sid, '/account/users', { ...formOf(created.body, '/account/users').fields, username: 'newcomer', password: 'newcomer password' });
    expect(taken.statusCode).toBe(409);
    const del = formOf(taken.body, '/account/users/delete', 'Delete newcomer');
    const deleted = await post(sid, '/account/users/delete', del.fields);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('User newcomer deleted.');
    expect((await db.query("SELECT 1 FROM users WHERE username = 'newcomer'")).rowCount).toBe(0);
    const last = await post(sid, '/account/users/delete', formOf(deleted.body, '/account/users/delete', `Delete ${ADMIN.username}`).fields);
    expect(last.statusCode).toBe(409);

    const viewer = await browserLogin(app, 'viewer', 'viewer password');
    const viewerForm = formOf(await page(viewer), '/account/password');
    const refused = await post(viewer, '/account/users', { csrf_token: viewerForm.fields.csrf_token, username: 'sneaky', password: 'sneaky password' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only admins manage users.');
  });

  it('is linked from the front page when signed in', async () => {
    const sid = await browserLogin(app, 'viewer', 'viewer password');
    expect((await app.inject({ method: 'GET', url: '/', headers: { cookie: sid } })).body).toContain('<a href="/account">Your account</a>');
  });

  it('shows, HTML-escaped, the callback origin a token was granted to through /authorize_token; the token list carries it too', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/users/',
      headers: { authorization: `Token ${await loginToken(app)}` },
      payload: { username: 'granter', password: 'granter password' },
    });
    expect(created.statusCode).toBe(201);
    const sid = await browserLogin(app, 'granter', 'granter password');
    /** Consent, then "Yes": the token JSON the callback receives. */
    const authorize = async (callback: string | undefined): Promise<string> => {
      const query = `scopes=GET%3Atokens${callback ? `&callback_url=${encodeURIComponent(callback)}` : ''}`;
      const consent = await app.inject({ method: 'GET', url: `/authorize_token?${query}`, headers: { cookie: sid } });
      expect(consent.statusCode).toBe(200);
      const yes = await post(sid, '/authorize_token', formOf(consent.body, '/authorize_token').fields);
      if (!callback) {
        expect(yes.statusCode).toBe(200);
        return '';
      }
      expect(yes.statusCode).toBe(302);
      return decodeURIComponent(decodeURIComponent(/[?&]token=([^&]+)/.exec(yes.headers.location as string)![1]));
    };
    // An app scheme's host may hold quotes and ampersands: the page must escape them.
    const app1 = JSON.parse(await authorize(`tv-test-auth://x"&'y/done?keep=1`)) as { session: string };
    const app2Token = await authorize('https://app.example:8443/invidious/auth?keep=1');
    await authorize(undefined);

    const html = await page(sid);
    const tokenRows = html.match(/<li data-kind="token">[\s\S]*?<\/li>/g)!;
    expect(tokenRows).toHaveLength(3);
    // Newest first: no callback, then app.example, then the app scheme.
    expect(tokenRows[0]).not.toContain('Granted to');
    expect(tokenRows[1]).toContain('Granted to <code class="granted-to">https://app.example:8443</code>');
    expect(tokenRows[2]).toContain('Granted to <code class="granted-to">tv-test-auth://x&quot;&amp;&#39;y</code>');
    expect(html).not.toContain(`x"&'y`);
    expect(html).not.toContain('/invidious/auth');

    const list = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(app2Token) });
    expect(list.statusCode).toBe(200);
    const entries = list.json() as { session: string; callbackOrigin?: string }[];
    expect(entries.map((entry) => entry.callbackOrigin)).toEqual([undefined, 'https://app.example:8443', `tv-test-auth://x"&'y`]);
    expect(entries[2].session).toBe(app1.session);
  });
});
