import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { YoutubeCookieChecker } from './youtube-cookie-checker.js';

/** A loopback server whose answer each test sets; it records what it was sent. */
class FakeYoutube {
  readonly requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  answer: (res: ServerResponse) => void = (res) => res.end('ytcfg.set({"LOGGED_IN":true})');
  private readonly server: Server = createServer((req, res) => {
    this.requests.push({ url: req.url!, headers: req.headers });
    this.answer(res);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('YoutubeCookieChecker', () => {
  let fake: FakeYoutube;
  let url: string;

  beforeEach(async () => {
    fake = new FakeYoutube();
    url = await fake.start();
  });
  afterEach(() => fake.stop());

  it('asks for the Liked-videos list with the cookie, a desktop browser and English, trailing slash removed', async () => {
    await expect(new YoutubeCookieChecker(`${url}//`).check('SID=good; B=2')).resolves.toEqual({ valid: true });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].url).toBe('/playlist?list=LL');
    expect(fake.requests[0].headers).toMatchObject({ cookie: 'SID=good; B=2', 'accept-language': 'en-US,en;q=0.9' });
    expect(fake.requests[0].headers['user-agent']).toMatch(/^Mozilla\/5\.0 \(Windows NT/);
  });

  it('is invalid when the page is not signed in', async () => {
    fake.answer = (res) => res.end('ytcfg.set({"LOGGED_IN":false})');
    const check = await new YoutubeCookieChecker(url).check('SID=bad');
    expect(check).toEqual({ valid: false, reason: expect.stringMatching(/not signed in/) });
  });

  it('does not follow a redirect', async () => {
    fake.answer = (res) => res.writeHead(302, { location: '/playlist?list=LL&signed=in' }).end();
    await expect(new YoutubeCookieChecker(url).check('SID=good')).resolves.toEqual({
      valid: false,
      reason: 'YouTube answered HTTP 302 instead of the signed-in page',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('is invalid on another status even with the marker', async () => {
    fake.answer = (res) => res.writeHead(500).end('"LOGGED_IN":true');
    await expect(new YoutubeCookieChecker(url).check('SID=good')).resolves.toMatchObject({ valid: false, reason: expect.stringMatching(/HTTP 500/) });
  });

  it('finds the marker split across chunks, and not beyond the read limit', async () => {
    fake.answer = (res) => {
      res.write('x'.repeat(1000) + '"LOGGED_');
      setTimeout(() => res.end('IN":true'), 20);
    };
    await expect(new YoutubeCookieChecker(url).check('SID=good')).resolves.toEqual({ valid: true });

    fake.answer = (res) => res.end('x'.repeat(2000) + '"LOGGED_IN":true');
    await expect(new YoutubeCookieChecker(url, { maxBodyBytes: 2000 }).check('SID=good')).resolves.toMatchObject({ valid: false });
    await expect(new YoutubeCookieChecker(url, { maxBodyBytes: 2016 }).check('SID=good')).resolves.toEqual({ valid: true });
  });

  it('gives up after the timeout, also while the body is still arriving', async () => {
    fake.answer = () => undefined;
    await expect(new YoutubeCookieChecker(url, { timeoutMs: 200 }).check('SID=good')).resolves.toEqual({
      valid: false,
      reason: 'YouTube did not answer within 0.2 s',
    });

    fake.answer = (res) => res.write('ytcfg.set({');
    await expect(new YoutubeCookieChecker(url, { timeoutMs: 200 }).check('SID=good')).resolves.toEqual({
      valid: false,
      reason: 'YouTube did not answer within 0.2 s',
    });
  });

  it('names a connection failure by its code, never the cookie', async () => {
    fake.answer = (res) => res.socket!.destroy();
    const reset = await new YoutubeCookieChecker(url).check('SID=zz9-canary-value');
    expect(reset).toEqual({ valid: false, reason: expect.stringMatching(/^YouTube could not be reached \(\w+\)$/) });

    await fake.stop();
    const refused = await new YoutubeCookieChecker(url).check('SID=zz9-canary-value');
    expect(refused).toEqual({ valid: false, reason: 'YouTube could not be reached (ECONNREFUSED)' });
    fake = new FakeYoutube();
    await fake.start();
  });
});
