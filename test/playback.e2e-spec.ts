import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { foreignUrls } from '../src/invidious/gateway/local-urls.js';
import { fakeChannel, FakeUpstream, imageBytes, MEDIA_SIZE, mediaBytes } from './support/fake-upstream.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

/** tubevault's origin as `app.inject` requests see it. */
const ORIGIN = 'http://localhost:80';
const pathOf = (url: string) => url.slice(ORIGIN.length);

describe('playback and images through tubevault (docs/dialects/invidious.md#playback)', () => {
  let fake: FakeUpstream;
  let elsewhere: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  const found = fakeChannel(61, 4, 'Findable Band');
  const other = fakeChannel(62, 2, 'Other Artist');
  const get = (url: string, headers: Record<string, string> = {}, target = app) => target.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    fake = await FakeUpstream.start([found, other]);
    fake.serveStreams = true;
    elsewhere = await FakeUpstream.start([]);
    world = await TestWorld.create();
    app = await world.startApp({ UPSTREAM_URL: fake.url, ROLE: 'api' });
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
    await elsewhere.close();
  });

  it('a client-only user searches, opens a channel the catalog lacks, subscribes, sees its videos, and plays a video through tubevault', async () => {
    const results = (await get('/api/v1/search?q=findable&type=channel')).json() as { type: string; authorId: string }[];
    expect(results).toEqual([expect.objectContaining({ type: 'channel', authorId: found.id })]);

    const channel = await get(`/api/v1/channels/${results[0].authorId}`);
    expect(channel.statusCode).toBe(200);
    const user = await LibraryClient.newUser(app);
    await user.noContent('POST', `/api/v1/auth/subscriptions/${found.id}`);
    const feed = await user.getJson<{ videos: { videoId: string }[] }>('/api/v1/auth/feed');
    expect(feed.videos.map((v) => v.videoId)).toEqual(found.videos.map((v) => v.id));

    // A video the catalog lacks, with local=true: its manifest and media come through tubevault.
    const target = other.videos[0];
    const video = (await get(`/api/v1/videos/${target.id}?local=true`)).json() as {
      dashUrl: string;
      formatStreams: { url: string }[];
      adaptiveFormats: { url: string }[];
    };
    expect(video.dashUrl).toBe(`${ORIGIN}/api/manifest/dash/id/${target.id}?local=true`);
    const manifest = await get(pathOf(video.dashUrl));
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toBe('application/dash+xml; charset=utf-8');
    const baseUrls = [...manifest.body.matchAll(/<BaseURL>([^<]*)<\/BaseURL>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(baseUrls).toEqual([`${ORIGIN}/videoplayback?id=${target.id}&itag=140`, `${ORIGIN}/videoplayback?id=${target.id}&itag=137`]);

    const ranged = await get(pathOf(baseUrls[0]), { range: 'bytes=0-1023' });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 0-1023/${MEDIA_SIZE}`);
    expect(ranged.headers['access-control-allow-origin']).toBe('*');
    expect(ranged.rawPayload).toEqual(mediaBytes(0, 1023));

    // The stream URLs of the video object play through tubevault too (YouTube's host passed as `host`).
    expect(video.formatStreams[0].url).toBe(`${ORIGIN}/videoplayback?id=${target.id}&itag=18&host=rr1---sn-fake.googlevideo.com`);
    const whole = await get(pathOf(video.formatStreams[0].url));
    expect([whole.statusCode, whole.headers['content-length'], whole.rawPayload.equals(mediaBytes())]).toEqual([200, String(MEDIA_SIZE), true]);
  });

  it("a video object with local=true has no absolute URL to any host but tubevault's", async () => {
    const video = found.videos[1];
    for (const url of [
      `/api/v1/videos/${video.id}?local=true`,
      `/api/v1/channels/${found.id}?local=true`,
      `/api/v1/search?q=findable&local=true`,
      `/api/v1/popular?local=1`,
    ]) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect([url, foreignUrls(res.json(), ORIGIN)]).toEqual([url, []]);
    }
    const body = (await get(`/api/v1/videos/${video.id}?local=true`)).json();
    expect(body.videoThumbnails[0].url).toBe(`${ORIGIN}/vi/${video.id}/maxres.jpg`);
    expect(body.authorThumbnails[0].url).toBe(`${ORIGIN}/ggpht/${found.id}=s32-c-k`);
  });

  it("without local, the streams are the upstream's and the manifest keeps YouTube's media URLs", async () => {
    const video = (await get(`/api/v1/videos/${found.videos[2].id}`)).json();
    expect(video.formatStreams[0]).toMatchObject({ itag: '18', url: expect.stringMatching(/^https:\/\/rr1---sn-fake\.googlevideo\.com\//) });
    expect(video.adaptiveFormats).toHaveLength(1);
    expect(video.dashUrl).toBe(`${ORIGIN}/api/manifest/dash/id/${found.videos[2].id}`);
    const manifest = await get(pathOf(video.dashUrl));
    expect(manifest.body).toContain('<BaseURL>https://rr1---sn-fake.googlevideo.com/videoplayback?');
  });

  it("streams /latest_version, following the upstream's redirect to itself, with Range", async () => {
    const id = found.videos[0].id;
    const res = await get(`/latest_version?id=${id}&itag=18&local=true`, { range: 'bytes=1000-1999' });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload).toEqual(mediaBytes(1000, 1999));
    expect(fake.requests.filter((r) => r.startsWith('/videoplayback?id=' + id)).length).toBeGreaterThanOrEqual(1);
    expect((await get(`/latest_version?id=${id}&itag=18`, { range: `bytes=${MEDIA_SIZE + 5}-` })).statusCode).toBe(416);
    expect((await get('/latest_version?id=bad&itag=18')).statusCode).toBe(400);
  });

  it('never follows a redirect to another host', async () => {
    fake.redirectHost = elsewhere.url;
    try {
      const res = await get(`/latest_version?id=${found.videos[0].id}&itag=18`);
      expect(res.statusCode).toBe(502);
      expect(res.json().error).toMatch(`redirected to ${elsewhere.url}, which tubevault does not follow`);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      fake.redirectHost = undefined;
    }
  });

  it("proxies video thumbnails and channel images with the upstream's cache headers", async () => {
    const thumb = await get(`/vi/${found.videos[0].id}/maxres.jpg`);
    expect([thumb.statusCode, thumb.headers['content-type'], thumb.headers['cache-control']]).toEqual([200, 'image/jpeg', 'public, max-age=86400']);
    expect(thumb.rawPayload).toEqual(imageBytes(`/vi/${found.videos[0].id}/maxres.jpg`));
    const avatar = await get(`/ggpht/ytc/${found.id}=s88-c-k`);
    expect([avatar.statusCode, avatar.headers['last-modified']]).toEqual([200, 'Mon, 01 Dec 2025 00:00:00 GMT']);
    expect(avatar.rawPayload).toEqual(imageBytes(`/ggpht/ytc/${found.id}=s88-c-k`));
    expect((await get(`/vi/${found.videos[0].id}/..%2Fsecret`)).statusCode).toBe(400);
    expect((await get('/vi/zzzzzzzzzz7/nothing.jpg')).statusCode).toBe(200);
  });

  it('answers 501 naming UPSTREAM_URL for media and images with youtube-rss', async () => {
    const rss = await world.startApp({ UPSTREAM: 'youtube-rss', YOUTUBE_URL: fake.url, ROLE: 'api' });
    for (const url of [
      `/vi/${found.videos[0].id}/maxres.jpg`,
      `/latest_version?id=${found.videos[0].id}&itag=18`,
      `/api/manifest/dash/id/${found.videos[0].id}`,
    ]) {
      const res = await get(url, {}, rss);
      expect([url, res.statusCode]).toEqual([url, 501]);
      expect(res.json().error).toMatch(/UPSTREAM_URL=<an Invidious instance>/);
    }
  });
});
