import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { CatalogWriter } from '../src/catalog/media/catalog-writer.service.js';
import { RefreshQueue } from '../src/catalog/refresh/refresh-queue.service.js';
import { ADMIN_ENV } from './support/auth.js';
import { fakeChannelId, FakeUpstream } from './support/fake-upstream.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(60_000);

const EXPORT = '/api/v1/auth/export/invidious';
const IMPORT = '/api/v1/auth/import/invidious';
const IMPORT_FILE = '/api/v1/auth/import/subscriptions';
const HISTORY = '/api/v1/auth/history';
const video = (n: number) => `impo${String(n).padStart(7, '0')}`;

interface Export {
  subscriptions: string[];
  watch_history: string[];
  preferences: Record<string, unknown>;
  playlists: unknown[];
}

describe('Invidious import and export (docs/dialects/invidious.md#import-and-export)', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  // An upstream is configured (so new channels are queued), but this API-only process runs no jobs.
  const known = fakeChannelId(1);

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url, ROLE: 'api' });
    db = world.db();
    await app
      .get(CatalogWriter)
      .saveChannel({ id: known, name: 'Known', description: null, thumbnails: null, banners: null, subscriberCount: null, totalViews: null, joined: null });
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  const subscriptionsOf = async (userId: number) =>
    (await db.query('SELECT channel_id FROM subscriptions WHERE user_id = $1 ORDER BY channel_id', [userId])).rows.map((r) => r.channel_id);
  const queued = async () => app.get(RefreshQueue).queuedItemJobIds();

  it('round-trips: export → import into a new user → export gives the same document', async () => {
    const alice = await LibraryClient.newUser(app);
    await alice.noContent('POST', `/api/v1/auth/subscriptions/${known}`);
    // Channels unknown to the catalog (and to the fake upstream) join through a file import.
    await alice.noContent('POST', IMPORT_FILE, {
      json: { content: `Channel Id,Channel Url,Channel Title\n${fakeChannelId(12)},u,Twelve\n${fakeChannelId(11)},u,Eleven\n` },
    });
    for (const n of [3, 1, 2]) await alice.noContent('POST', `${HISTORY}/${video(n)}`);
    // Playlist entries must be catalog videos.
    await db.query(
      `INSERT INTO videos (id, channel_id, channel_name, title, published) SELECT v, $1, 'Known', v, now() FROM unnest($2::text[]) v ON CONFLICT DO NOTHING`,
      [known, [video(1), video(2)]],
    );
    const mix = await alice.request('POST', '/api/v1/auth/playlists', { json: { title: 'Mix', privacy: 'unlisted', description: 'a & b' } });
    expect(mix.statusCode).toBe(201);
    await alice.request('POST', '/api/v1/auth/playlists', { json: { title: 'Empty', privacy: 'private' } });
    for (const n of [2, 1, 2]) {
      const added = await alice.request('POST', `/api/v1/auth/playlists/${mix.json().playlistId}/videos`, { json: { videoId: video(n) } });
      expect(added.statusCode).toBe(201);
    }
    await alice.setPreferences({ volume: 10, speed: 2, region: null, dark_mode: 'dark', captions: ['en', '', ''], sort: 'channel name' });

    const exported = await alice.getJson<Export>(EXPORT);
    expect(Object.keys(exported)).toEqual(['subscriptions', 'watch_history', 'preferences', 'playlists']);
    expect(exported.subscriptions).toEqual([known, fakeChannelId(12), fakeChannelId(11)]);
    // Oldest first.
    expect(exported.watch_history).toEqual([3, 1, 2].map(video));
    expect(exported.preferences).toMatchObject({ volume: 10, speed: 2, region: null, dark_mode: 'dark', sort: 'channel name', default_playlist: null });
    expect(exported.playlists).toEqual([
      { title: 'Mix', description: 'a & b', privacy: 'Unlisted', videos: [video(2), video(1), video(2)] },
      { title: 'Empty', description: '', privacy: 'Private', videos: [] },
    ]);

    const bob = await LibraryClient.newUser(app);
    await bob.noContent('POST', IMPORT, { json: exported });
    expect(await bob.getJson(EXPORT)).toEqual(exported);
    expect(await bob.getJson(HISTORY)).toEqual([2, 1, 3].map(video));
    // Preferences really apply (GET omits nulls).
    expect(await bob.getJson('/api/v1/auth/preferences')).not.toHaveProperty('region');
  });

  it('merges into an existing library: adds subscriptions and history, patches preferences', async () => {
    const carol = await LibraryClient.newUser(app);
    await carol.noContent('POST', `/api/v1/auth/subscriptions/${known}`);
    await carol.noContent('POST', `${HISTORY}/${video(1)}`);
    await carol.setPreferences({ volume: 50, speed: 1.5 });
    await carol.noContent('POST', IMPORT, {
      json: { subscriptions: [fakeChannelId(21), known, fakeChannelId(21)], watch_history: [video(7), video(1), video(8)], preferences: { volume: 20 } },
    });
    expect(await subscriptionsOf(carol.userId)).toEqual([known, fakeChannelId(21)].sort());
    // Already-watched videos keep their place; the imported ones follow in their order.
    expect(await carol.getJson(HISTORY)).toEqual([video(8), video(7), video(1)]);
    expect(await carol.getJson('/api/v1/auth/preferences')).toMatchObject({ volume: 20, speed: 1.5 });
    // New channels are queued for refresh, not fetched inline.
    expect(await queued()).toContain(`channel:${fakeChannelId(21)}`);
    expect(fake.count(fakeChannelId(21))).toBe(0);
  });

  it('refuses an invalid import with 400 naming each problem, and writes nothing', async () => {
    const dave = await LibraryClient.newUser(app);
    const res = await dave.request('POST', IMPORT, {
      json: { subscriptions: [known, 'UCnope'], watch_history: [video(1), 'bad id!'], preferences: { volume: 'loud', speed: 3 }, junk: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error:
        'Unknown keys: junk (expected subscriptions, watch_history, preferences, playlists); ' +
        'subscriptions[1]: "UCnope" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -); ' +
        'watch_history[1]: "bad id!" is not valid (a video id is 11 characters of A-Z a-z 0-9 _ -); ' +
        'preferences: Invalid value for "volume": expected an integer 0–100; nothing was imported',
    });
    for (const body of [[], 'text', null]) {
      const bad = await dave.request('POST', IMPORT, { json: body });
      expect(bad.statusCode).toBe(400);
    }
    expect(await subscriptionsOf(dave.userId)).toEqual([]);
    expect(await dave.getJson(HISTORY)).toEqual([]);
    expect(await dave.getJson('/api/v1/auth/preferences')).toMatchObject({ volume: 100, speed: 1 });
  });

  it('rolls everything back when the subscription limit refuses the import', async () => {
    const erin = await LibraryClient.newUser(app);
    const many = Array.from({ length: 5001 }, (_, n) => `UCmany${String(n).padStart(18, '0')}`);
    const res = await erin.request('POST', IMPORT, { json: { preferences: { volume: 5 }, watch_history: [video(1)], subscriptions: many } });
    expect([res.statusCode, res.json()]).toEqual([
      400,
      { error: 'At most 5000 subscriptions per user: this would make 5001; unsubscribe from some channels first; nothing was imported' },
    ]);
    expect(await subscriptionsOf(erin.userId)).toEqual([]);
    expect(await erin.getJson(HISTORY)).toEqual([]);
    expect(await erin.getJson('/api/v1/auth/preferences')).toMatchObject({ volume: 100 });
  });

  describe('subscription files', () => {
    const A = fakeChannelId(31);
    const B = fakeChannelId(32);

    it('imports a YouTube Takeout CSV and queues the new channels for refresh', async () => {
      const user = await LibraryClient.newUser(app);
      const csv = `Channel Id,Channel Url,Channel Title\r\n${A},http://www.youtube.com/channel/${A},"Thirty-one, the channel"\r\n${known},http://www.youtube.com/channel/${known},Known\r\n`;
      await user.noContent('POST', IMPORT_FILE, { json: { content: csv } });
      expect(await subscriptionsOf(user.userId)).toEqual([A, known].sort());
      expect(await user.getJson('/api/v1/auth/subscriptions')).toEqual([
        { author: '', authorId: A },
        { author: 'Known', authorId: known },
      ]);
      expect(await queued()).toContain(`channel:${A}`);
    });

    it('imports OPML and NewPipe exports, adding to the current subscriptions', async () => {
      const user = await LibraryClient.newUser(app);
      const opml = `<?xml version="1.0"?><opml version="1.1"><body><outline text="YouTube Subscriptions"><outline text="A" type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${A}"/></outline></body></opml>`;
      await user.noContent('POST', IMPORT_FILE, { json: { content: opml } });
      const newpipe = JSON.stringify({ app_version: '0.27.0', subscriptions: [{ service_id: 0, url: `https://www.youtube.com/channel/${B}`, name: 'B' }] });
      await user.noContent('POST', IMPORT_FILE, { json: { content: newpipe } });
      expect(await subscriptionsOf(user.userId)).toEqual([A, B].sort());
    });

    it('refuses a broken CSV with 400 naming the line, and imports nothing', async () => {
      const user = await LibraryClient.newUser(app);
      const csv = `Channel Id,Channel Url,Channel Title\n${A},u,fine\nUCbroken,u,bad\n${B},"unterminated\n`;
      const res = await user.request('POST', IMPORT_FILE, { json: { content: csv } });
      expect([res.statusCode, res.json()]).toEqual([400, { error: 'line 4: a quoted field is never closed; nothing was imported' }]);
      const second = await user.request('POST', IMPORT_FILE, { json: { content: `Channel Id,Channel Url,Channel Title\n${A},u,fine\nUCbroken,u,bad\n` } });
      expect([second.statusCode, second.json()]).toEqual([
        400,
        { error: 'line 3, field "Channel Id": "UCbroken" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -); nothing was imported' },
      ]);
      expect(await subscriptionsOf(user.userId)).toEqual([]);
    });

    it('wants {"content": "<file text>"} as JSON', async () => {
      const user = await LibraryClient.newUser(app);
      for (const [body, start] of [
        [{ file: 'x' }, 'Unknown keys: file.'],
        [{ content: 5 }, 'content: expected'],
        [{ content: '  ' }, 'content: expected'],
        ['Channel Id', 'Send a JSON object'],
      ] as const) {
        const res = await user.request('POST', IMPORT_FILE, { json: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.startsWith(start)).toBe(true);
      }
      // The file itself is taken as the body too (test/import-files.e2e-spec.ts), in its own media types only.
      const raw = await user.request('POST', IMPORT_FILE, { headers: { 'content-type': 'image/png' }, payload: 'Channel Id\n' });
      expect(raw.statusCode).toBe(415);
    });
  });
});
