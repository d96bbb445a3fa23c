import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN_ENV, bearer, loginToken } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { channelId, insertChannels, insertVideos, videoId } from './support/ta-catalog-rows.js';
import { TestWorld } from './support/test-app.js';

const RICK = channelId(1);
const V1 = videoId(1);

describe('TubeArchivist pages /video/<id>/ and /channel/<id>/', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    db = world.db();
    await insertChannels(db, [
      {
        id: RICK,
        name: 'Rick <Astley>',
        description: 'Official',
        subscriberCount: 4100000,
        thumbnails: [{ url: 'https://yt3.example/rick=s512', width: 512, height: 512 }],
      },
    ]);
    await insertVideos(db, [
      {
        id: V1,
        channelId: RICK,
        title: 'Never Gonna <Give> You Up',
        description: 'The official video',
        published: '2009-10-25T06:57:33Z',
        lengthSeconds: 213,
        thumbnails: [{ quality: 'maxres', url: 'https://i.ytimg.example/maxres.jpg', width: 1280, height: 720 }],
      },
    ]);
  });
  afterAll(() => world.close());

  it('shows a video to anyone, escaped, with its channel, thumbnail, links to the API object and the watch URL', async () => {
    for (const url of [`/video/${V1}/`, `/video/${V1}`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<h1>Never Gonna &lt;Give&gt; You Up</h1>');
      expect(res.body).toContain(`<a href="/channel/${RICK}/">Rick &lt;Astley&gt;</a>`);
      expect(res.body).toMatch(/<img src="\/cache\/videos\/[^"]+\.jpg"/);
      expect(res.body).toContain('The official video');
      expect(res.body).toContain('Published 2009-10-25');
      expect(res.body).toContain(`<a href="/watch?v=${V1}">Watch</a>`);
      expect(res.body).toContain(`<a href="/api/video/${V1}/">`);
      expect(res.body).toContain('<a href="/login">Log in</a> to see whether you watched it.');
    }
  });

  it('shows a signed-in browser its watched state', async () => {
    const sid = await browserLogin(app, ADMIN_ENV.ADMIN_USERNAME, ADMIN_ENV.ADMIN_PASSWORD);
    expect((await app.inject({ method: 'GET', url: `/video/${V1}/`, headers: { cookie: sid } })).body).toContain(
      '<p data-watched="false">Not watched yet.</p>',
    );
    const token = await loginToken(app);
    const watched = await app.inject({ method: 'POST', url: '/api/watched/', headers: bearer(token), payload: { id: V1, is_watched: true } });
    expect(watched.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/video/${V1}/`, headers: { cookie: sid } })).body).toMatch(
      /<p data-watched="true">Watched on \d{4}-\d\d-\d\d\.<\/p>/,
    );
    const channel = await app.inject({ method: 'GET', url: `/channel/${RICK}/`, headers: { cookie: sid } });
    expect(channel.body).toContain('<p data-subscribed="false">You are not subscribed.</p>');
  });

  it('shows a channel with its avatar, subscribers and a link to the API object', async () => {
    const res = await app.inject({ method: 'GET', url: `/channel/${RICK}/` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Rick &lt;Astley&gt;</h1>');
    expect(res.body).toContain(`<img src="/cache/channels/${RICK}_thumb.jpg"`);
    expect(res.body).toContain('4100000 subscribers');
    expect(res.body).toContain(`<a href="/api/channel/${RICK}/">`);
    expect(res.body).not.toContain('data-subscribed');
  });

  it('answers a 404 page for unknown or malformed ids, escaping them', async () => {
    for (const url of [`/video/${videoId(99)}/`, `/channel/${channelId(99)}/`, '/video/%3Cb%3E/', '/channel/nope/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<h1>Not found</h1>');
      expect(res.body).not.toContain('<b>');
    }
  });
});
