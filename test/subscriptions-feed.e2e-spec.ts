import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { RefreshQueue } from '../src/catalog/refresh/refresh-queue.service.js';
import { FeedNotificationsRepository } from '../src/invidious/feed/feed-notifications.repository.js';
import { ADMIN_ENV } from './support/auth.js';
import { fakeChannel, fakeChannelId, FakeUpstream, type FakeChannel, type FakeVideo } from './support/fake-upstream.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

jest.setTimeout(120_000);

const SUBSCRIPTIONS = '/api/v1/auth/subscriptions';
const FEED = '/api/v1/auth/feed';

interface FeedBody {
  notifications: { videoId: string; published: number; publishedText: string; author: string; authorId: string }[];
  videos: { videoId: string; published: number; publishedText: string; author: string; authorId: string }[];
}
const idsOf = (list: { videoId: string }[]) => list.map((v) => v.videoId);

/** The catalog's order of the first `listed` (refreshed) videos of each channel: published DESC, id DESC. */
function feedOrder(channels: FakeChannel[], listed = 30): FakeVideo[] {
  return channels.flatMap((c) => c.videos.slice(0, listed)).sort((a, b) => b.published - a.published || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

describe('subscriptions and the feed (docs/dialects/invidious.md#feed, #subscriptions) against a fake upstream', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  // Channel 1 has more videos than one listing page (30); channel 2 uploads half an hour after channel 1.
  const first = fakeChannel(1, 40, 'alpha channel');
  const second = fakeChannel(2, 12, 'Beta channel');
  for (const video of second.videos) video.published += 1800;
  const third = fakeChannel(3, 3, 'Gamma');

  const videoCount = async (channelId: string) => Number((await db.query('SELECT count(*) FROM videos WHERE channel_id = $1', [channelId])).rows[0].count);
  const refreshed = (channel: FakeChannel) =>
    waitFor(`the videos of ${channel.id}`, async () => (await videoCount(channel.id)) >= Math.min(channel.videos.length, 30), 30_000);

  beforeAll(async () => {
    fake = await FakeUpstream.start([first, second, third]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url, ROLE: 'all' });
    db = world.db();
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  describe('acceptance: subscribe, refresh, read a feed page', () => {
    let alice: LibraryClient;

    beforeAll(async () => {
      alice = await LibraryClient.newUser(app);
      // Clipious subscribes with no Content-Type and no body.
      await alice.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      await alice.noContent('POST', `${SUBSCRIPTIONS}/${second.id}`, { headers: { 'content-type': 'application/json' }, payload: '' });
      await refreshed(first);
      await refreshed(second);
    });

    it('stored the channels fetched from the upstream and lists them by author, ignoring case', async () => {
      expect(await alice.getJson(SUBSCRIPTIONS)).toEqual([
        { author: 'alpha channel', authorId: first.id },
        { author: 'Beta channel', authorId: second.id },
      ]);
    });

    it('GET feed?max_results=5&page=2 answers the 6th to 10th newest videos, in published order', async () => {
      const expected = feedOrder([first, second]).slice(5, 10);
      const feed = await alice.getJson<FeedBody>(`${FEED}?max_results=5&page=2`);
      // The back catalogue fetched after subscribing is no notification.
      expect(feed.notifications).toEqual([]);
      expect(idsOf(feed.videos)).toEqual(expected.map((v) => v.id));
      expect(feed.videos.map((v) => v.published)).toEqual(expected.map((v) => v.published));
      const names: Record<string, string> = { [first.id]: first.name, [second.id]: second.name };
      for (const video of feed.videos) expect(video).toMatchObject({ author: names[video.authorId], publishedText: expect.stringMatching(/^\d+ hours? ago$/) });
      // Both channels are merged: the page alternates between them.
      expect(new Set(feed.videos.map((v) => v.authorId))).toEqual(new Set([first.id, second.id]));
    });

    it('pages on with the preference as the default size and answers [] past the end', async () => {
      await alice.setPreferences({ max_results: 7 });
      const all = feedOrder([first, second]);
      expect(idsOf((await alice.getJson<FeedBody>(`${FEED}?page=3&hl=en-US&region=US`)).videos)).toEqual(all.slice(14, 21).map((v) => v.id));
      expect(await alice.getJson<FeedBody>(`${FEED}?max_results=5&page=1000`)).toEqual({ notifications: [], videos: [] });
      await alice.setPreferences({ max_results: 0 });
      expect(await alice.getJson<FeedBody>(FEED)).toEqual({ notifications: [], videos: [] });
      expect((await alice.getJson<FeedBody>(`${FEED}?max_results=2`)).videos).toHaveLength(2);
      await alice.setPreferences({ max_results: 40 });
    });

    it('unseen_only hides a video once it is marked watched', async () => {
      const newest = feedOrder([first, second])
        .slice(0, 6)
        .map((v) => v.id);
      await alice.setPreferences({ unseen_only: true });
      expect(idsOf((await alice.getJson<FeedBody>(`${FEED}?max_results=5`)).videos)).toEqual(newest.slice(0, 5));
      // Materialious marks watched with no body and no Content-Type.
      await alice.noContent('POST', `/api/v1/auth/history/${newest[1]}`);
      expect(idsOf((await alice.getJson<FeedBody>(`${FEED}?max_results=5`)).videos)).toEqual([newest[0], ...newest.slice(2, 6)]);
      await alice.setPreferences({ unseen_only: false });
      expect(idsOf((await alice.getJson<FeedBody>(`${FEED}?max_results=5`)).videos)).toEqual(newest.slice(0, 5));
    });

    it('latest_only: the newest video of each channel, on one page (unseen_only picks the newest unwatched)', async () => {
      await alice.setPreferences({ latest_only: true });
      // Channel 2's newest is half an hour younger than channel 1's.
      expect(idsOf((await alice.getJson<FeedBody>(FEED)).videos)).toEqual([second.videos[0].id, first.videos[0].id]);
      expect(await alice.getJson<FeedBody>(`${FEED}?page=2`)).toEqual({ notifications: [], videos: [] });
      await alice.noContent('POST', `/api/v1/auth/history/${first.videos[0].id}`);
      await alice.setPreferences({ unseen_only: true });
      expect(idsOf((await alice.getJson<FeedBody>(FEED)).videos)).toEqual([second.videos[0].id, first.videos[1].id]);
      await alice.setPreferences({ latest_only: false, unseen_only: false });
    });

    it('sorts the page by the sort preference', async () => {
      const page = feedOrder([first, second]).slice(0, 4);
      await alice.setPreferences({ sort: 'published - reverse' });
      expect(idsOf((await alice.getJson<FeedBody>(`${FEED}?max_results=4`)).videos)).toEqual(page.map((v) => v.id).reverse());
      await alice.setPreferences({ sort: 'channel name' });
      const byChannel = (await alice.getJson<FeedBody>(`${FEED}?max_results=4`)).videos.map((v) => v.author);
      expect(byChannel).toEqual(['Beta channel', 'Beta channel', 'alpha channel', 'alpha channel']);
      await alice.setPreferences({ sort: 'published' });
    });

    it('refuses bad paging values with 400 and names them', async () => {
      for (const [query, message] of [
        ['max_results=0', 'Invalid max_results "0": expected an integer from 1 to 1500'],
        ['max_results=1501', 'Invalid max_results "1501": expected an integer from 1 to 1500'],
        ['max_results=ten', 'Invalid max_results "ten": expected an integer from 1 to 1500'],
        ['page=0', 'Invalid page "0": expected an integer from 1 to 1000000'],
        ['page=1&page=2', 'Invalid page: give it once, expected an integer from 1 to 1000000'],
      ]) {
        const res = await alice.request('GET', `${FEED}?${query}`);
        expect([query, res.statusCode, res.json()]).toEqual([query, 400, { error: message }]);
      }
      expect((await alice.request('GET', `${FEED}?max_results=&page=`)).statusCode).toBe(200);
    });
  });

  describe('notifications', () => {
    let carol: LibraryClient;
    let dave: LibraryClient;
    let upload: FakeVideo;

    beforeAll(async () => {
      carol = await LibraryClient.newUser(app);
      dave = await LibraryClient.newUser(app);
      await carol.noContent('POST', `${SUBSCRIPTIONS}/${third.id}`);
      await dave.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      await refreshed(third);
      // Uploaded after carol subscribed (the fake's default is a minute before it is listed), in a later second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      upload = fake.addUpload(third.id, 'Brand new');
      upload.published = Math.floor(Date.now() / 1000);
      await app.get(RefreshQueue).enqueue([{ kind: 'channel', id: third.id, extractVideos: false }]);
      await waitFor('the notification', async () => (await db.query('SELECT 1 FROM feed_notifications WHERE user_id = $1', [carol.userId])).rowCount, 30_000);
    });

    it('a new upload is a notification for its subscribers only, until the feed shows it', async () => {
      expect((await db.query('SELECT video_id FROM feed_notifications WHERE user_id = $1', [dave.userId])).rows).toEqual([]);
      const feed = await carol.getJson<FeedBody>(FEED);
      expect(idsOf(feed.notifications)).toEqual([upload.id]);
      expect(feed.notifications[0]).toMatchObject({ published: upload.published, author: 'Gamma', publishedText: expect.stringMatching(/seconds? ago$/) });
      expect(idsOf(feed.videos)).toEqual(third.videos.slice(1).map((v) => v.id));
      // Read: the next read shows it among the videos.
      expect((await db.query('SELECT 1 FROM feed_notifications WHERE user_id = $1', [carol.userId])).rowCount).toBe(0);
      const again = await carol.getJson<FeedBody>(FEED);
      expect(again.notifications).toEqual([]);
      expect(idsOf(again.videos)[0]).toBe(upload.id);
    });

    it('only notifications, with notifications_only; marking watched removes one', async () => {
      const store = app.get(FeedNotificationsRepository);
      await db.query('INSERT INTO feed_notifications (user_id, video_id) SELECT $1, id FROM videos WHERE channel_id = $2', [carol.userId, third.id]);
      await carol.noContent('POST', `/api/v1/auth/history/${third.videos[1].id}`);
      expect(
        [
          ...(await store.notifiedAmong(
            carol.userId,
            third.videos.map((v) => v.id),
          )),
        ].sort(),
      ).toEqual(
        third.videos
          .filter((_, i) => i !== 1)
          .map((v) => v.id)
          .sort(),
      );
      await carol.setPreferences({ notifications_only: true, sort: 'alphabetically - reverse' });
      expect(await carol.getJson<FeedBody>(`${FEED}?page=2`)).toEqual({ notifications: [], videos: [] });
      const feed = await carol.getJson<FeedBody>(FEED);
      expect(feed.videos).toEqual([]);
      const titles = third.videos.filter((_, i) => i !== 1).map((v) => ({ id: v.id, title: v.title }));
      expect(idsOf(feed.notifications)).toEqual(titles.sort((a, b) => (a.title < b.title ? 1 : -1)).map((v) => v.id));
      // All read: with no notifications left, the ordinary feed answers.
      const after = await carol.getJson<FeedBody>(`${FEED}?max_results=2`);
      expect(after.notifications).toEqual([]);
      expect(after.videos).toHaveLength(2);
      await carol.setPreferences({ notifications_only: false, sort: 'published' });
    });

    it('keeps only the newest 1000 per user', async () => {
      await db.query(
        `INSERT INTO feed_notifications (user_id, video_id, created_at)
         SELECT $1, 'old' || lpad(n::text, 8, '0'), now() - n * interval '1 minute' FROM generate_series(1, 1000) AS n`,
        [carol.userId],
      );
      const video = third.videos[2].id;
      await db.query('DELETE FROM feed_notifications WHERE user_id = $1 AND video_id = $2', [carol.userId, video]);
      expect(await app.get(FeedNotificationsRepository).addNewVideo(video)).toBe(0);
      // Published before carol subscribed: not a notification for her, until her subscription is older than the video.
      await db.query(`UPDATE subscriptions SET created_at = now() - interval '10 days' WHERE user_id = $1`, [carol.userId]);
      expect(await app.get(FeedNotificationsRepository).addNewVideo(video)).toBe(1);
      const rows = await db.query('SELECT video_id FROM feed_notifications WHERE user_id = $1 ORDER BY created_at DESC, video_id DESC', [carol.userId]);
      expect(rows.rowCount).toBe(1000);
      expect(rows.rows[0].video_id).toBe(video);
      expect(rows.rows.map((r) => r.video_id)).not.toContain('old00001000');
      expect(rows.rows.map((r) => r.video_id)).toContain('old00000999');
      await db.query('DELETE FROM feed_notifications WHERE user_id = $1', [carol.userId]);
    });

    it('unsubscribing drops the channel from the notification list', async () => {
      await db.query('INSERT INTO feed_notifications (user_id, video_id) SELECT $1, id FROM videos WHERE channel_id = $2', [dave.userId, first.id]);
      await dave.noContent('DELETE', `${SUBSCRIPTIONS}/${first.id}`);
      expect((await db.query('SELECT 1 FROM feed_notifications WHERE user_id = $1', [dave.userId])).rowCount).toBe(0);
      expect(await dave.getJson(SUBSCRIPTIONS)).toEqual([]);
      expect(await dave.getJson(FEED)).toEqual({ notifications: [], videos: [] });
    });
  });

  describe('subscribe and unsubscribe', () => {
    let erin: LibraryClient;
    beforeAll(async () => {
      erin = await LibraryClient.newUser(app);
    });
    const subscriptionRows = async (userId: number) =>
      (await db.query('SELECT channel_id FROM subscriptions WHERE user_id = $1 ORDER BY channel_id', [userId])).rows.map((r) => r.channel_id);

    it('is idempotent both ways', async () => {
      await erin.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      await erin.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      expect(await subscriptionRows(erin.userId)).toEqual([first.id]);
      await erin.noContent('DELETE', `${SUBSCRIPTIONS}/${first.id}`);
      await erin.noContent('DELETE', `${SUBSCRIPTIONS}/${first.id}`);
      expect(await subscriptionRows(erin.userId)).toEqual([]);
    });

    it('refuses an id that is not UC + 22 characters', async () => {
      for (const method of ['POST', 'DELETE'] as const) {
        for (const id of ['UCshort', 'ucuAXFkgsw1L7xaCfnd5JJOw', `${first.id}x`, '@handle']) {
          const res = await erin.request(method, `${SUBSCRIPTIONS}/${id}`);
          expect([method, id, res.statusCode, res.json()]).toEqual([method, id, 400, { error: 'Invalid channel id' }]);
        }
      }
    });

    it('answers 404 for a channel the upstream does not know, and stores nothing', async () => {
      const unknown = fakeChannelId(99);
      const res = await erin.request('POST', `${SUBSCRIPTIONS}/${unknown}`);
      expect([res.statusCode, res.json()]).toEqual([404, { error: 'Deleted or invalid channel' }]);
      expect(await subscriptionRows(erin.userId)).toEqual([]);
      expect((await db.query('SELECT 1 FROM channels WHERE id = $1', [unknown])).rowCount).toBe(0);
    });

    it('answers 502 when the upstream fails, and stores nothing', async () => {
      const failing = fakeChannel(4, 2);
      fake.channels.set(failing.id, failing);
      fake.failNext(10, 500, failing.id);
      const res = await erin.request('POST', `${SUBSCRIPTIONS}/${failing.id}`);
      expect(res.statusCode).toBe(502);
      expect(res.json().error).toMatch(/^Upstream error: /);
      expect(await subscriptionRows(erin.userId)).toEqual([]);
    });

    it('answers 502 within about 10 s when the upstream does not answer', async () => {
      const slow = fakeChannel(5, 2);
      fake.channels.set(slow.id, slow);
      fake.delay(slow.id, 11_000);
      const started = Date.now();
      const res = await erin.request('POST', `${SUBSCRIPTIONS}/${slow.id}`);
      // The app's retries, still running, get quick answers now.
      fake.delay(slow.id, 0);
      expect(Date.now() - started).toBeLessThan(11_000);
      expect([res.statusCode, res.json()]).toEqual([502, { error: 'Upstream error: no answer within 10 s' }]);
      expect(await subscriptionRows(erin.userId)).toEqual([]);
    });

    it('answers 503 for a channel missing from the catalog when no upstream is configured', async () => {
      const offline = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
      const frank = await LibraryClient.newUser(offline);
      const missing = fakeChannelId(98);
      const res = await frank.request('POST', `${SUBSCRIPTIONS}/${missing}`);
      expect([res.statusCode, res.json()]).toEqual([
        503,
        { error: `Channel ${missing} is not in the catalog and no upstream is configured (set UPSTREAM_URL)` },
      ]);
      // A catalog channel needs no upstream.
      await frank.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      expect(await frank.getJson(SUBSCRIPTIONS)).toEqual([{ author: 'alpha channel', authorId: first.id }]);
    });

    it('allows at most 5000 subscriptions (repeats of existing ones still succeed)', async () => {
      const grace = await LibraryClient.newUser(app);
      await db.query(`INSERT INTO subscriptions (user_id, channel_id) SELECT $1, 'UClimit' || lpad(n::text, 17, '0') FROM generate_series(1, 4999) AS n`, [
        grace.userId,
      ]);
      await grace.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      const res = await grace.request('POST', `${SUBSCRIPTIONS}/${second.id}`);
      expect([res.statusCode, res.json()]).toEqual([
        400,
        { error: 'At most 5000 subscriptions per user: this would make 5001; unsubscribe from some channels first' },
      ]);
      await grace.noContent('POST', `${SUBSCRIPTIONS}/${first.id}`);
      expect((await db.query('SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1', [grace.userId])).rows[0].n).toBe(5000);
      // Unknown to the catalog so far: listed with an empty author, first.
      expect((await grace.getJson<{ author: string }[]>(SUBSCRIPTIONS))[0]).toEqual({ author: '', authorId: `UClimit${'0'.repeat(16)}1` });
    });

    it("never lets one user see or change another user's subscriptions or feed", async () => {
      const owner = await LibraryClient.newUser(app);
      const other = await LibraryClient.newUser(app);
      await owner.noContent('POST', `${SUBSCRIPTIONS}/${second.id}`);
      await other.noContent('DELETE', `${SUBSCRIPTIONS}/${second.id}`);
      expect(await other.getJson(SUBSCRIPTIONS)).toEqual([]);
      expect(await other.getJson(FEED)).toEqual({ notifications: [], videos: [] });
      expect(await owner.getJson(SUBSCRIPTIONS)).toEqual([{ author: 'Beta channel', authorId: second.id }]);
      expect((await owner.getJson<FeedBody>(FEED)).videos.length).toBeGreaterThan(0);
    });
  });
});
