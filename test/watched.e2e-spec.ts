import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN_ENV } from './support/auth.js';
import { channelId, insertChannels, insertPlaylist, insertVideos, videoId } from './support/ta-catalog-rows.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const RICK = channelId(1);
const OTHER = channelId(2);
const [V1, V2, V3, V4] = [1, 2, 3, 4].map(videoId);
const UPSTREAM_PLAYLIST = 'PLwatched00000000001';
const OWN_PLAYLIST = 'IVPL' + 'a'.repeat(31);
const PRIVATE_PLAYLIST = 'IVPL' + 'b'.repeat(31);
const SUCCESS = { message: 'success' };

describe('TubeArchivist watched /api/watched/ (per-user state shared with the Invidious history)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let viewerToken: string;
  let adminId: number;
  let viewerId: number;

  /** Every answer is checked against the OpenAPI document by TestWorld's `app.inject`. */
  const setWatched = async (payload: unknown, token = viewerToken) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/watched/',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    return res;
  };
  const watchedBy = async (userId: number): Promise<string[]> =>
    (await db.query('SELECT video_id FROM watched WHERE user_id = $1 ORDER BY video_id', [userId])).rows.map((row) => row.video_id);
  const history = async (token: string): Promise<string[]> => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/history', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    db = world.db();
    const viewer = await createUser(app, { username: 'viewer', password: 'viewer password' });
    viewerToken = viewer.jwt;
    const users = (await db.query('SELECT id, username FROM users')).rows as { id: number; username: string }[];
    adminId = users.find((u) => u.username === 'admin')!.id;
    viewerId = users.find((u) => u.username === 'viewer')!.id;

    await insertChannels(db, [
      { id: RICK, name: 'Rick Astley' },
      { id: OTHER, name: 'Other' },
    ]);
    await insertVideos(db, [
      { id: V1, channelId: RICK, title: 'One' },
      { id: V2, channelId: RICK, title: 'Two' },
      { id: V3, channelId: RICK, title: 'Three' },
      { id: V4, channelId: OTHER, title: 'Four' },
    ]);
    await insertPlaylist(db, { id: UPSTREAM_PLAYLIST, title: 'Mix', videoIds: [V1, V4] });
    await db.query(`INSERT INTO playlists (id, user_id, title, privacy) VALUES ($1, $2, 'Mine', 'private'), ($3, $4, 'Secret', 'private')`, [
      OWN_PLAYLIST,
      viewerId,
      PRIVATE_PLAYLIST,
      adminId,
    ]);
    // The own playlist also names a video the catalog lacks: only catalog videos are marked.
    await db.query(`INSERT INTO playlist_videos (playlist_id, index_id, position, video_id) VALUES ($1, 1, 0, $2), ($1, 2, 1, 'notInCatal0')`, [
      OWN_PLAYLIST,
      V3,
    ]);
  });
  afterAll(() => world.close());

  beforeEach(async () => {
    await db.query('DELETE FROM watched');
    // The other user has state of their own, which nothing below may touch.
    await db.query('INSERT INTO watched (user_id, video_id) VALUES ($1, $2), ($1, $3)', [adminId, V2, V4]);
  });

  it('marks and unmarks one video for the caller only; the Invidious history shows it', async () => {
    const marked = await setWatched({ id: V1, is_watched: true });
    expect([marked.statusCode, marked.json()]).toEqual([200, SUCCESS]);
    expect(await watchedBy(viewerId)).toEqual([V1]);
    expect(await history(viewerToken)).toEqual([V1]);
    expect(await watchedBy(adminId)).toEqual([V2, V4]);
    // Idempotent.
    expect((await setWatched({ id: V1, is_watched: true })).statusCode).toBe(200);
    const detail = await app.inject({ method: 'GET', url: `/api/video/${V1}/`, headers: { authorization: `Token ${viewerToken}` } });
    expect(detail.json().data.player).toMatchObject({ watched: true, watched_date: expect.any(Number) });

    expect((await setWatched({ id: V1, is_watched: false })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([]);
    expect(await history(viewerToken)).toEqual([]);
    expect(await watchedBy(adminId)).toEqual([V2, V4]);
  });

  it('a channel id cascades to every catalog video of the channel, and takes them off the feed notifications', async () => {
    await db.query('INSERT INTO feed_notifications (user_id, video_id) VALUES ($1, $2), ($1, $3), ($4, $2)', [viewerId, V2, V4, adminId]);
    expect((await setWatched({ id: RICK, is_watched: true })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([V1, V2, V3]);
    expect((await history(viewerToken)).sort()).toEqual([V1, V2, V3]);
    const notifications = (await db.query('SELECT user_id, video_id FROM feed_notifications ORDER BY user_id, video_id')).rows;
    expect(notifications).toEqual(
      expect.arrayContaining([
        { user_id: viewerId, video_id: V4 },
        { user_id: adminId, video_id: V2 },
      ]),
    );
    expect(notifications).toHaveLength(2);

    expect((await setWatched({ id: RICK, is_watched: false })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([]);
    expect(await watchedBy(adminId)).toEqual([V2, V4]);
  });

  it("a playlist id cascades to its videos: upstream playlists, and the caller's own", async () => {
    expect((await setWatched({ id: UPSTREAM_PLAYLIST, is_watched: true })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([V1, V4]);
    expect((await setWatched({ id: OWN_PLAYLIST, is_watched: true })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([V1, V3, V4]);
    expect((await setWatched({ id: UPSTREAM_PLAYLIST, is_watched: false })).json()).toEqual(SUCCESS);
    expect(await watchedBy(viewerId)).toEqual([V3]);
    expect(await watchedBy(adminId)).toEqual([V2, V4]);
  });

  it("answers 404 for ids the catalog does not have, and for another user's private playlist", async () => {
    const cases = [
      ['zzzzzzzzzzz', 'video not found: zzzzzzzzzzz'],
      [channelId(99), `channel not found: ${channelId(99)}`],
      ['PLnotinthecatalog000', 'playlist not found: PLnotinthecatalog000'],
      [PRIVATE_PLAYLIST, `playlist not found: ${PRIVATE_PLAYLIST}`],
    ];
    for (const [id, message] of cases) {
      const res = await setWatched({ id, is_watched: true });
      expect([id, res.statusCode, res.json()]).toEqual([id, 404, { message }]);
    }
    expect(await watchedBy(viewerId)).toEqual([]);
  });

  it('answers 400 for missing fields, wrong types and ids of no kind', async () => {
    const cases: [unknown, string][] = [
      [{}, 'missing id or is_watched'],
      [{ id: V1 }, 'missing id or is_watched'],
      [{ id: '', is_watched: true }, 'missing id or is_watched'],
      [{ id: V1, is_watched: null }, 'missing id or is_watched'],
      [{ id: V1, is_watched: 'yes' }, 'id must be a string and is_watched a boolean'],
      [{ id: 42, is_watched: true }, 'id must be a string and is_watched a boolean'],
      [{ id: '@RickAstleyYT', is_watched: true }, 'invalid id: not a video, channel or playlist id'],
      [{ id: 'LL', is_watched: true }, 'invalid id: not a video, channel or playlist id'],
    ];
    for (const [payload, message] of cases) {
      const res = await setWatched(payload);
      expect([payload, res.statusCode, res.json()]).toEqual([payload, 400, { message }]);
    }
    const malformed = await setWatched('{"id": ');
    expect([malformed.statusCode, malformed.json()]).toEqual([400, { detail: expect.stringMatching(/^JSON parse error - /) }]);
    const empty = await app.inject({
      method: 'POST',
      url: '/api/watched',
      headers: { authorization: `Token ${viewerToken}`, 'content-type': 'application/json' },
    });
    expect([empty.statusCode, empty.json()]).toEqual([400, { message: 'missing id or is_watched' }]);
  });

  it('needs credentials', async () => {
    const res = await setWatched({ id: V1, is_watched: true }, '');
    expect([res.statusCode, res.json()]).toEqual([403, { detail: 'Authentication credentials were not provided.' }]);
  });
});
