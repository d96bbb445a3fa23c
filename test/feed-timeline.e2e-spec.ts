import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { bareChannel, type PlaylistRecord, type VideoRecord } from '../src/catalog/media/catalog-records.js';
import { CatalogWriter } from '../src/catalog/media/catalog-writer.service.js';
import { sortFeedPage } from '../src/invidious/feed/feed-order.js';
import { FEED_SORTS } from '../src/invidious/preferences/preferences-schema.js';
import { TEST_REDIS_URL } from './support/env.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/**
 * The feed timeline (docs/feed-query.md): kept equal, through every write path and under
 * concurrency, to what it stands for (subscriptions × listable videos, computed here from scratch),
 * on the server Postgres and on the embedded database.
 */
jest.setTimeout(240_000);

const FEED = '/api/v1/auth/feed';
const SUBSCRIPTIONS = '/api/v1/auth/subscriptions';
const IMPORT_FILE = '/api/v1/auth/import/subscriptions';
const DAY = 86_400_000;
/** Long before any subscription: no upload here is a new-upload notification, so a page is `videos` only. */
const BASE = Date.UTC(2020, 0, 1);

const channelId = (name: string) => `UC${name.padEnd(22, '_')}`;
const videoId = (prefix: string, n: number) => `${prefix}${String(n).padStart(11 - prefix.length, '0')}`;

/** A deterministic sequence in [0, 1), so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function video(id: string, channel: string, published: number | null, title: string | null = `Title ${id}`): VideoRecord {
  return {
    id,
    channelId: channel,
    channelName: `Name of ${channel.slice(2, 8)}`,
    channelThumbnails: null,
    title,
    description: null,
    published: published === null ? null : new Date(published),
    publishedIsApproximate: false,
    lengthSeconds: 60,
    viewCount: 1,
    likeCount: null,
    thumbnails: null,
    genre: null,
    liveNow: false,
    isUpcoming: false,
    premiereAt: null,
  };
}

interface ReferenceRow {
  id: string;
  title: string | null;
  channelName: string | null;
}

/** What the timeline stands for, from scratch: every user's subscriptions × listable videos. */
const REFERENCE_ROWS = `
  SELECT s.user_id, s.channel_id, v.id AS video_id, v.published
  FROM subscriptions s JOIN videos v ON v.channel_id = s.channel_id AND NOT v.missing_upstream AND v.title IS NOT NULL`;

interface FeedBody {
  notifications: { videoId: string }[];
  videos: { videoId: string }[];
}

const TARGETS = [
  ['the server Postgres', false],
  ['the embedded database', true],
] as const;

describe.each(TARGETS)('the feed timeline on %s (docs/feed-query.md)', (_name, embedded) => {
  let world: TestWorld;
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let db: pg.Pool;
  let dir: string | undefined;
  let stopEmbedded: (() => Promise<void>) | undefined;
  /** The catalog writer of another app instance (another worker, its own connections). */
  let writer: CatalogWriter;

  beforeAll(async () => {
    world = await TestWorld.create();
    let env: Record<string, string> = {};
    if (embedded) {
      dir = mkdtempSync(join(tmpdir(), 'tv-timeline-'));
      const modulePath = new URL('../dist/src/platform/database/embedded-postgres.js', import.meta.url).href;
      const { startEmbeddedPostgres } = (await import(modulePath)) as typeof import('../src/platform/database/embedded-postgres.js');
      const database = await startEmbeddedPostgres(dir, 12);
      stopEmbedded = database.stop;
      env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL };
    }
    api = await world.startApp({ ...env, ROLE: 'api' });
    worker = await world.startApp({ ...env, ROLE: 'worker' });
    writer = worker.get(CatalogWriter);
    db = embedded ? new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 }) : world.db();
  });
  afterAll(async () => {
    if (embedded) await db.end();
    await world.close();
    await stopEmbedded?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rowKey = (r: { user_id: number; channel_id: string; video_id: string; published: Date | null }) =>
    `${r.user_id} ${r.channel_id} ${r.video_id} ${r.published?.toISOString() ?? 'null'}`;

  /** The whole table equals the reference: nothing missing, nothing left over, every date current. */
  async function expectTimelineIsReference(): Promise<void> {
    const [timeline, reference] = await Promise.all([db.query('SELECT user_id, channel_id, video_id, published FROM feed_timeline'), db.query(REFERENCE_ROWS)]);
    expect(timeline.rows.map(rowKey).sort()).toEqual(reference.rows.map(rowKey).sort());
  }

  /** The user's feed from scratch, in the feed's order (published DESC NULLS LAST, id DESC). */
  async function referenceFeed(userId: number, unseenOnly = false): Promise<ReferenceRow[]> {
    const { rows } = await db.query(
      `SELECT v.id, v.title, v.channel_name AS "channelName"
       FROM subscriptions s JOIN videos v ON v.channel_id = s.channel_id AND NOT v.missing_upstream AND v.title IS NOT NULL
       WHERE s.user_id = $1 ${unseenOnly ? 'AND NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = s.user_id AND w.video_id = v.id)' : ''}
       ORDER BY v.published DESC NULLS LAST, v.id DESC`,
      [userId],
    );
    return rows;
  }

  async function feedPage(user: LibraryClient, query: string): Promise<string[]> {
    const body = await user.getJson<FeedBody>(`${FEED}?${query}`);
    expect(body.notifications).toEqual([]);
    return body.videos.map((v) => v.videoId);
  }

  async function expectFeedIsReference(user: LibraryClient): Promise<void> {
    expect(await feedPage(user, 'max_results=1500')).toEqual((await referenceFeed(user.userId)).map((v) => v.id));
  }

  async function newChannel(name: string, videos: number, start = BASE): Promise<string> {
    const id = channelId(name);
    await writer.saveChannel({ ...bareChannel(id, `Channel ${name}`) });
    await writer.saveVideos(Array.from({ length: videos }, (_, i) => video(videoId(name.slice(0, 4), i), id, start + i * DAY)));
    return id;
  }

  it('(a) stays equal to subscriptions × listable videos under concurrent subscribes, unsubscribes and refreshes of one channel', async () => {
    const channel = await newChannel('race', 20);
    const users = await Promise.all(Array.from({ length: 6 }, () => LibraryClient.newUser(api)));
    const next = random(7);
    let uploads = 20;
    const subscriber = async (user: LibraryClient) => {
      for (let i = 0; i < 25; i++) {
        const subscribe = next() < 0.6;
        await user.noContent(subscribe ? 'POST' : 'DELETE', `${SUBSCRIPTIONS}/${channel}`);
      }
    };
    const refresher = async () => {
      for (let i = 0; i < 40; i++) {
        const pick = next();
        const some = Array.from({ length: 3 }, () => videoId('race', Math.floor(next() * uploads)));
        if (pick < 0.4) {
          // New uploads, together with a re-read of older ones.
          const fresh = [uploads++, uploads++].map((n) => video(videoId('race', n), channel, BASE + n * DAY));
          await writer.saveVideos([...fresh, ...some.map((id) => video(id, channel, null))]);
        } else if (pick < 0.7) {
          await writer.saveVideos(some.map((id) => video(id, channel, BASE + Math.floor(next() * 1000) * DAY)));
        } else {
          await writer.markMissing('video', some[0]);
        }
      }
    };
    await Promise.all([...users.map(subscriber), refresher(), refresher()]);
    // Some users end subscribed, and see uploads that came after their subscription.
    for (const user of users.slice(0, 3)) await user.noContent('POST', `${SUBSCRIPTIONS}/${channel}`);
    await writer.saveVideos([video(videoId('race', uploads), channel, BASE + uploads * DAY)]);

    await expectTimelineIsReference();
    for (const user of users) await expectFeedIsReference(user);
    expect(await feedPage(users[0], 'max_results=1500')).toContain(videoId('race', uploads));
  });

  /**
   * A refresh on the worker has written a new video V and fanned it out, and is held before its
   * commit (by a row lock on its playlist); then `subscribe` runs. Its back-fill must wait for the
   * refresh (the channel lock) or it would miss V, which the refresh's fan-out, run before the
   * subscription existed, missed too. One engine session cannot hold a transaction open beside
   * others, so on the embedded database the two simply run concurrently.
   */
  async function refreshBesideSubscribe(channel: string, fresh: VideoRecord, subscribe: () => Promise<void>): Promise<void> {
    const playlist: PlaylistRecord = {
      id: `PL${channel.slice(2, 14)}`,
      title: 'Uploads',
      author: null,
      // No owner: the first save below must not store the channel.
      channelId: null,
      description: null,
      thumbnailUrl: null,
      videos: [],
    };
    if (embedded) {
      await Promise.all([writer.savePlaylist({ ...playlist, videos: [fresh] }), subscribe()]);
      return;
    }
    await writer.savePlaylist(playlist);
    const blocker = await db.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM upstream_playlists WHERE id = $1 FOR UPDATE', [playlist.id]);
      const waiting = async () =>
        Number(
          (
            await blocker.query(
              `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
            )
          ).rows[0].count,
        );
      const refresh = writer.savePlaylist({ ...playlist, videos: [fresh] });
      await waitFor('the refresh held before its commit', async () => (await waiting()) >= 1);
      let subscribed = false;
      const subscribing = subscribe().then(() => (subscribed = true));
      // Either the subscribe waits for the refresh (two backends waiting), or it has finished.
      await waitFor('the subscribe to finish or wait', async () => subscribed || (await waiting()) >= 2);
      await blocker.query('COMMIT');
      await Promise.all([refresh, subscribing]);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
    }
  }

  it('(b) misses no video when a channel in the catalog is refreshed on another worker while a user subscribes', async () => {
    const channel = await newChannel('held', 5);
    const user = await LibraryClient.newUser(api);
    const fresh = video(videoId('held', 99), channel, BASE + 99 * DAY);
    await refreshBesideSubscribe(channel, fresh, () => user.noContent('POST', `${SUBSCRIPTIONS}/${channel}`));
    expect(await feedPage(user, 'max_results=1500')).toContain(fresh.id);
    await expectFeedIsReference(user);
    await expectTimelineIsReference();
  });

  it('(b) misses no video when a refresh creates a channel that an import subscribes to at the same time', async () => {
    const channel = channelId('absent');
    const user = await LibraryClient.newUser(api);
    const fresh = video(videoId('abse', 1), channel, BASE);
    const csv = `Channel Id,Channel Url,Channel Title\n${channel},u,Absent\n`;
    await refreshBesideSubscribe(channel, fresh, () => user.noContent('POST', IMPORT_FILE, { json: { content: csv } }));
    expect(await feedPage(user, 'max_results=1500')).toEqual([fresh.id]);
    await expectTimelineIsReference();
  });

  it('(c) answers unseen_only, latest_only and every sort as computed from scratch, page by page', async () => {
    const channels = [await newChannel('srtA', 9, BASE + 3600_000), await newChannel('srtB', 8, BASE), await newChannel('srtC', 6, BASE + 2 * DAY)];
    // Equal dates (ties broken by id) and unknown ones (last) across channels.
    await writer.saveVideos([video('srtB_tie001', channels[1], BASE + 3600_000), video('srtC_nul001', channels[2], null, 'a title')]);
    const user = await LibraryClient.newUser(api);
    for (const channel of channels) await user.noContent('POST', `${SUBSCRIPTIONS}/${channel}`);
    const all = await referenceFeed(user.userId);
    for (const watched of [all[0], all[3], all[4], all[10], all[all.length - 1]]) await user.noContent('POST', `/api/v1/auth/history/${watched.id}`);

    for (const unseenOnly of [false, true]) {
      const reference = await referenceFeed(user.userId, unseenOnly);
      expect(reference.length).toBe(all.length - (unseenOnly ? 5 : 0));
      for (const sort of FEED_SORTS) {
        await user.setPreferences({ unseen_only: unseenOnly, sort });
        for (const page of [1, 2, 3, 4]) {
          const expected = sortFeedPage(reference.slice((page - 1) * 7, page * 7), sort).map((v) => v.id);
          expect([unseenOnly, sort, page, await feedPage(user, `max_results=7&page=${page}`)]).toEqual([unseenOnly, sort, page, expected]);
        }
      }
      await user.setPreferences({ unseen_only: unseenOnly, sort: 'published', latest_only: true });
      const { rows } = await db.query(
        `SELECT DISTINCT ON (v.channel_id) v.id, v.published FROM (${REFERENCE_ROWS}) r JOIN videos v ON v.id = r.video_id
         WHERE r.user_id = $1 ${unseenOnly ? 'AND NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = r.user_id AND w.video_id = v.id)' : ''}
         ORDER BY v.channel_id, v.published DESC NULLS LAST, v.id DESC`,
        [user.userId],
      );
      expect(rows).toHaveLength(3);
      const newestFirst = rows.sort((a, b) => b.published - a.published || (a.id < b.id ? 1 : -1)).map((r) => r.id);
      expect(await feedPage(user, 'max_results=7')).toEqual(newestFirst);
      await user.setPreferences({ latest_only: false });
    }
    await expectTimelineIsReference();
  });

  it('(d) reflects a video going missing upstream, coming back, changing its date or its channel, and an unsubscribe', async () => {
    const channel = await newChannel('delta', 6);
    const other = await newChannel('omega', 2, BASE + 100 * DAY);
    const user = await LibraryClient.newUser(api);
    await user.noContent('POST', `${SUBSCRIPTIONS}/${channel}`);
    const ids = async () => feedPage(user, 'max_results=1500');
    expect(await ids()).toEqual([5, 4, 3, 2, 1, 0].map((n) => videoId('delt', n)));

    await writer.markMissing('video', videoId('delt', 4));
    expect(await ids()).toEqual([5, 3, 2, 1, 0].map((n) => videoId('delt', n)));
    await expectTimelineIsReference();

    // A refresh that lists it again; another one's date moves it to the top.
    await writer.saveVideos([video(videoId('delt', 4), channel, null), video(videoId('delt', 1), channel, BASE + 50 * DAY)]);
    expect(await ids()).toEqual([1, 5, 4, 3, 2, 0].map((n) => videoId('delt', n)));
    await expectTimelineIsReference();

    // A video listed under another channel leaves this channel's subscribers.
    await writer.saveVideos([video(videoId('delt', 5), other, null)]);
    expect(await ids()).toEqual([1, 4, 3, 2, 0].map((n) => videoId('delt', n)));
    await expectTimelineIsReference();

    await user.noContent('DELETE', `${SUBSCRIPTIONS}/${channel}`);
    expect(await ids()).toEqual([]);
    expect((await db.query('SELECT count(*)::int AS n FROM feed_timeline WHERE user_id = $1', [user.userId])).rows[0].n).toBe(0);
    await expectTimelineIsReference();
  });

  it('is filled by its migration from the subscriptions and videos already stored', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM feed_timeline')).rows[0].n;
    expect(before).toBeGreaterThan(0);
    const dataSource = api.get(DataSource);
    await dataSource.undoLastMigration();
    expect((await db.query(`SELECT to_regclass('feed_timeline') AS t`)).rows[0].t).toBeNull();
    await dataSource.runMigrations();
    await expectTimelineIsReference();
  });
});
