import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { browserLogin } from './support/browser-session.js';
import { DbSnapshotter } from './support/db-snapshot.js';
import { TEST_REDIS_URL } from './support/env.js';
import { fixtureVideoId, seedCatalog, seedUser, type FixtureUser } from './support/library-fixture.js';
import { operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { urlOfOperation } from './support/route-walk.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

/**
 * HEAD runs the GET handler (Fastify registers HEAD beside every GET) but must change nothing: a
 * client probing a URL must not mark its notifications read or leave a form token behind.
 */
describe('HEAD changes nothing on any GET route', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let redis: Redis;
  let admin: FixtureUser;
  let sid: string;
  let operations: SpecOperation[];

  /** The Redis keys of this world and their values' types and lengths: a written key shows as a new or changed entry. */
  async function redisState(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${world.redisPrefix}:*`, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    return Promise.all(keys.sort().map(async (key) => `${key} ${await redis.type(key)}`));
  }

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ROLE: 'api' });
    db = world.db();
    redis = new Redis(TEST_REDIS_URL);
    await seedCatalog(db, 2, 3);
    admin = await seedUser(app, 'root', true, 1);
    sid = await browserLogin(app, admin.username, admin.password);
    // Uploads of the subscribed channel on the notification list: what a feed read marks read.
    for (const i of [1, 2, 3])
      await db.query('INSERT INTO feed_notifications (user_id, video_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [admin.id, fixtureVideoId(1, i)]);
    operations = operationsOf((await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json).filter((op) => op.method === 'GET');
  });
  afterAll(async () => {
    redis.disconnect();
    await world.close();
  });

  it('walks every GET operation of the spec with HEAD, signed in as an admin (token, then browser session): no table, no Redis key changes', async () => {
    expect(operations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['getFeed', 'getLoginPage', 'getAuthorizeToken', 'getFrontDoor', 'listPlaylists']),
    );
    // The feed's GET does mark notifications read: the walk would see it if HEAD did.
    expect((await db.query('SELECT count(*)::int AS n FROM feed_notifications WHERE user_id = $1', [admin.id])).rows[0].n).toBe(3);
    const snapshots = new DbSnapshotter(db);
    const problems: string[] = [];
    let sent = 0;
    for (const credential of [admin.headers, { cookie: sid }]) {
      for (const op of operations) {
        const url = urlOfOperation(op, admin);
        const [dbBefore, redisBefore] = [await snapshots.take(), await redisState()];
        const res = await app.inject({ method: 'HEAD', url, headers: credential });
        sent++;
        // This app has no upstream: routes that need one answer their documented 503 (refreshes) or
        // 501 (what only an Invidious upstream serves: search, comments, media, images…).
        if (res.statusCode >= 500 && res.statusCode !== 503 && res.statusCode !== 501) problems.push(`HEAD ${url} → ${res.statusCode}`);
        if (res.body !== '') problems.push(`HEAD ${url} answered a body`);
        const [dbAfter, redisAfter] = [await snapshots.take(), await redisState()];
        for (const change of DbSnapshotter.diff(dbBefore, dbAfter)) problems.push(`HEAD ${url} changed ${change}`);
        const added = redisAfter.filter((k) => !redisBefore.includes(k));
        const removed = redisBefore.filter((k) => !redisAfter.includes(k));
        if (added.length || removed.length) problems.push(`HEAD ${url} changed Redis: +${added.join(', +')} -${removed.join(', -')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBe(operations.length * 2);
    // And the GET it stands for still does what it documents.
    const feed = await app.inject({ method: 'GET', url: '/api/v1/auth/feed', headers: admin.headers });
    expect(feed.json().notifications).toHaveLength(3);
    expect((await db.query('SELECT count(*)::int AS n FROM feed_notifications WHERE user_id = $1', [admin.id])).rows[0].n).toBe(0);
  });
});
