import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { MAX_WATCHED_PER_USER } from '../src/catalog/watched/watched.repository.js';
import { ADMIN_ENV } from './support/auth.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';

const HISTORY = '/api/v1/auth/history';
/** Video ids need not be in the catalog. */
const video = (n: number) => `hist${String(n).padStart(7, '0')}`;

describe('watch history (docs/dialects/invidious.md#history)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    db = world.db();
  });
  afterAll(() => world.close());

  const watchedRows = async (userId: number) =>
    (await db.query('SELECT video_id FROM watched WHERE user_id = $1 ORDER BY watched_at DESC, video_id DESC', [userId])).rows.map((r) => r.video_id);

  it('lists newest first, in pages, [] past the end; marking again makes a video the newest', async () => {
    const user = await LibraryClient.newUser(app);
    for (let n = 1; n <= 5; n++) await user.noContent('POST', `${HISTORY}/${video(n)}`);
    expect(await user.getJson(HISTORY)).toEqual([5, 4, 3, 2, 1].map(video));
    expect(await user.getJson(`${HISTORY}?max_results=2&page=2`)).toEqual([3, 2].map(video));
    expect(await user.getJson(`${HISTORY}?max_results=2&page=3`)).toEqual([video(1)]);
    expect(await user.getJson(`${HISTORY}?max_results=2&page=4`)).toEqual([]);
    await user.noContent('POST', `${HISTORY}/${video(2)}`);
    expect(await user.getJson(`${HISTORY}?max_results=3`)).toEqual([2, 5, 4].map(video));
    // The preference is the default page size; 0 there gives [].
    await user.setPreferences({ max_results: 1 });
    expect(await user.getJson(`${HISTORY}?page=2&hl=de`)).toEqual([video(5)]);
    await user.setPreferences({ max_results: 0 });
    expect(await user.getJson(HISTORY)).toEqual([]);
  });

  it('unmarks one video (idempotently) and clears the whole history', async () => {
    const user = await LibraryClient.newUser(app);
    for (let n = 1; n <= 3; n++) await user.noContent('POST', `${HISTORY}/${video(n)}`);
    await user.noContent('DELETE', `${HISTORY}/${video(2)}`);
    await user.noContent('DELETE', `${HISTORY}/${video(2)}`);
    expect(await user.getJson(HISTORY)).toEqual([3, 1].map(video));
    await user.noContent('DELETE', HISTORY);
    expect(await user.getJson(HISTORY)).toEqual([]);
  });

  it('takes the :id routes with no body, or an empty JSON one (Materialious, Clipious)', async () => {
    const user = await LibraryClient.newUser(app);
    await user.noContent('POST', `${HISTORY}/${video(1)}`);
    await user.noContent('POST', `${HISTORY}/${video(2)}`, { headers: { 'content-type': 'application/json' }, payload: '' });
    await user.noContent('DELETE', `${HISTORY}/${video(2)}`, { headers: { 'content-type': 'application/json' }, payload: '' });
    expect(await watchedRows(user.userId)).toEqual([video(1)]);
  });

  it('refuses a bad video id with 400, before the preference check', async () => {
    const user = await LibraryClient.newUser(app);
    await user.setPreferences({ watch_history: false });
    for (const method of ['POST', 'DELETE'] as const) {
      for (const id of ['short', 'dQw4w9WgXcQQ', 'dQw4w9WgXc!']) {
        const res = await user.request(method, `${HISTORY}/${encodeURIComponent(id)}`);
        expect([method, id, res.statusCode, res.json()]).toEqual([method, id, 400, { error: 'Invalid video id.' }]);
      }
    }
  });

  it('answers 409 with watch_history off and changes nothing; clearing still works', async () => {
    const user = await LibraryClient.newUser(app);
    await user.noContent('POST', `${HISTORY}/${video(1)}`);
    await user.setPreferences({ watch_history: false });
    for (const method of ['POST', 'DELETE'] as const) {
      const res = await user.request(method, `${HISTORY}/${method === 'POST' ? video(2) : video(1)}`);
      expect([res.statusCode, res.json()]).toEqual([409, { error: 'Watch history is disabled in preferences.' }]);
    }
    expect(await watchedRows(user.userId)).toEqual([video(1)]);
    // Reading is no write: it still answers.
    expect(await user.getJson(HISTORY)).toEqual([video(1)]);
    await user.noContent('DELETE', HISTORY);
    expect(await watchedRows(user.userId)).toEqual([]);
  });

  it('refuses bad paging values with 400', async () => {
    const user = await LibraryClient.newUser(app);
    for (const query of ['page=0', 'max_results=0', 'max_results=1501', 'page=x', 'max_results=1&max_results=2']) {
      const res = await user.request('GET', `${HISTORY}?${query}`);
      expect([query, res.statusCode, typeof res.json().error]).toEqual([query, 400, 'string']);
    }
  });

  it("never shows or changes another user's history", async () => {
    const owner = await LibraryClient.newUser(app);
    const other = await LibraryClient.newUser(app);
    await owner.noContent('POST', `${HISTORY}/${video(1)}`);
    expect(await other.getJson(HISTORY)).toEqual([]);
    await other.noContent('DELETE', `${HISTORY}/${video(1)}`);
    await other.noContent('DELETE', HISTORY);
    expect(await owner.getJson(HISTORY)).toEqual([video(1)]);
  });

  describe(`at most ${MAX_WATCHED_PER_USER} entries per user, oldest dropped`, () => {
    /** Fills the user's history to the bound: `old0000000` (oldest) … `old0009999` (newest), a second apart, in the past. */
    const fill = (userId: number) =>
      db.query(
        `INSERT INTO watched (user_id, video_id, watched_at)
         SELECT $1, 'old' || lpad(n::text, 8, '0'), now() - interval '1 day' + n * interval '1 millisecond'
         FROM generate_series(0, $2 - 1) AS n`,
        [userId, MAX_WATCHED_PER_USER],
      );
    const count = async (userId: number) => Number((await db.query('SELECT count(*) AS n FROM watched WHERE user_id = $1', [userId])).rows[0].n);
    const has = async (userId: number, id: string) =>
      (await db.query('SELECT 1 FROM watched WHERE user_id = $1 AND video_id = $2', [userId, id])).rowCount === 1;

    it('a new entry at the bound drops the oldest one', async () => {
      const user = await LibraryClient.newUser(app);
      await fill(user.userId);
      await user.noContent('POST', `${HISTORY}/${video(1)}`);
      expect(await count(user.userId)).toBe(MAX_WATCHED_PER_USER);
      expect(await has(user.userId, 'old00000000')).toBe(false);
      expect(await has(user.userId, 'old00000001')).toBe(true);
      expect((await user.getJson<string[]>(`${HISTORY}?max_results=2`))[0]).toBe(video(1));
    });

    it('parallel additions still leave exactly the bound, keeping the newest', async () => {
      const user = await LibraryClient.newUser(app);
      await fill(user.userId);
      const added = Array.from({ length: 12 }, (_, i) => video(100 + i));
      await Promise.all(added.map((id) => user.noContent('POST', `${HISTORY}/${id}`)));
      expect(await count(user.userId)).toBe(MAX_WATCHED_PER_USER);
      for (const id of added) expect(await has(user.userId, id)).toBe(true);
      for (let n = 0; n < added.length; n++) expect(await has(user.userId, `old${String(n).padStart(8, '0')}`)).toBe(false);
      expect(await has(user.userId, `old${String(added.length).padStart(8, '0')}`)).toBe(true);
    });

    it('an import past the bound keeps the newest entries', async () => {
      const user = await LibraryClient.newUser(app);
      await fill(user.userId);
      const imported = Array.from({ length: 5 }, (_, i) => video(200 + i));
      await user.noContent('POST', '/api/v1/auth/import/invidious', { json: { watch_history: imported } });
      expect(await count(user.userId)).toBe(MAX_WATCHED_PER_USER);
      for (const id of imported) expect(await has(user.userId, id)).toBe(true);
      expect(await has(user.userId, 'old00000004')).toBe(false);
      expect(await has(user.userId, 'old00000005')).toBe(true);
    });
  });
});
