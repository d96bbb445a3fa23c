import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { seedCatalog, fixtureVideoId } from './support/library-fixture.js';
import { TestWorld } from './support/test-app.js';

/** `/watch?v=<id>` (docs/dialects/invidious.md#watch-page): where the video page's "Watch" link and shared Invidious links land. */
describe('the Invidious-style watch URL /watch?v=<id>', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  const video = fixtureVideoId(1, 1);

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ROLE: 'api' });
    await seedCatalog(world.db(), 1, 2);
  });
  afterAll(() => world.close());

  it('redirects to the video page with a relative Location, which then shows the video and links back', async () => {
    const res = await app.inject({ method: 'GET', url: `/watch?v=${video}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/video/${video}/`);
    const page = await app.inject({ method: 'GET', url: res.headers.location as string });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Fixture video 1');
    expect(page.body).toContain(`<a href="/watch?v=${video}">Watch</a>`);
  });

  it('ignores the other parameters of a watch URL, answers with a trailing slash, with HEAD and without a credential', async () => {
    for (const [method, url] of [
      ['GET', `/watch?v=${video}&t=30s&list=PLabc&listen=1`],
      ['GET', `/watch/?v=${video}`],
      ['HEAD', `/watch?v=${video}`],
    ] as const) {
      const res = await app.inject({ method, url });
      expect([url, res.statusCode, res.headers.location]).toEqual([url, 302, `/video/${video}/`]);
    }
  });

  it('sends a well-formed id the catalog lacks on too: the video page answers its 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/watch?v=dQw4w9WgXcQ' });
    expect(res.statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: res.headers.location as string })).statusCode).toBe(404);
  });

  it('refuses a missing, repeated or malformed v with a 400 HTML page naming the rule', async () => {
    const missing = 'v is missing: give the video id, e.g. /watch?v=dQw4w9WgXcQ';
    const malformed = 'v is not a video id: it must be 11 characters of A-Z a-z 0-9 _ -, e.g. /watch?v=dQw4w9WgXcQ';
    for (const [url, message] of [
      ['/watch', missing],
      ['/watch?v=', missing],
      ['/watch?t=30', missing],
      [`/watch?v=${video}&v=${video}`, 'v is given more than once: give one video id, e.g. /watch?v=dQw4w9WgXcQ'],
      ['/watch?v=short', malformed],
      ['/watch?v=dQw4w9WgXcQQ', malformed],
      ['/watch?v=dQw4w9WgXc%21', malformed],
      ['/watch?v=%3Cscript%3Ex', malformed],
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain(`<p>${message}</p>`);
      expect(res.body).not.toContain('<script>');
    }
  });
});
