import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, Response } from 'light-my-request';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { DomainError } from '../src/platform/errors/domain-errors.js';
import { domainErrorResponse } from '../src/platform/http/http-exception.filter.js';
import { PLAYLIST_TRANSFER, type PlaylistTransfer } from '../src/invidious/import-export/playlist-transfer.js';
import { ADMIN_ENV, bearer, mintToken } from './support/auth.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { specValidator } from './support/openapi-validator.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const AUTH = '/api/v1/auth/playlists';
const PUBLIC = '/api/v1/playlists';
const PASSWORD = 'battery staple';
const PLAYLIST_ID = /^IVPL[A-Za-z0-9_-]{31}$/;
const INDEX_ID = /^[0-9A-F]{1,16}$/;

/** Catalog videos seeded with SQL: `seedVideoId(n)` sits at position n of a filled playlist. */
const CHANNEL = `UC${'seedchannel'.padEnd(22, '0')}`;
const CHANNEL_NAME = 'Seed Channel';
const SEEDED_VIDEOS = 600;
const seedVideoId = (n: number) => `sv${String(n).padStart(9, '0')}`;
/** A well-formed id neither the catalog nor the fake upstream knows. */
const UNKNOWN_VIDEO = 'zzzzzzzzzzz';

interface User {
  id: number;
  username: string;
  jwt: string;
  headers: { authorization: string };
}

describe('playlists (docs/dialects/invidious.md#playlists, #public-playlists)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  const upstreamChannel = fakeChannel(7, 3);

  /** Every response is checked against the OpenAPI document by TestWorld's `app.inject`. */
  const send = (options: InjectOptions & { method: string; url: string }, target = app): Promise<Response> => target.inject(options);

  const newUser = (): Promise<User> => createUser(app, { password: PASSWORD });

  const create = async (user: User, payload: Record<string, unknown> = { title: 'Mix', privacy: 'private' }): Promise<string> => {
    const res = await send({ method: 'POST', url: AUTH, headers: user.headers, payload });
    expect(res.statusCode).toBe(201);
    return res.json().playlistId as string;
  };

  const add = (user: User, playlistId: string, videoId: string, target = app) =>
    send({ method: 'POST', url: `${AUTH}/${playlistId}/videos`, headers: user.headers, payload: { videoId } }, target);

  const get = (playlistId: string, headers: Record<string, string> = {}, query = '') =>
    send({ method: 'GET', url: `${PUBLIC}/${playlistId}${query}`, headers });

  /** Entries at positions 0…count-1, video n at position n, straight into the table. */
  const fill = (playlistId: string, count: number) =>
    db.query(
      `INSERT INTO playlist_videos (playlist_id, index_id, position, video_id)
       SELECT $1, 1000000 + n, n, 'sv' || lpad(n::text, 9, '0') FROM generate_series(0, $2 - 1) n`,
      [playlistId, count],
    );

  const positions = async (playlistId: string) =>
    (await db.query('SELECT position, video_id FROM playlist_videos WHERE playlist_id = $1 ORDER BY position', [playlistId])).rows as {
      position: number;
      video_id: string;
    }[];

  beforeAll(async () => {
    fake = await FakeUpstream.start([upstreamChannel]);
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url });
    db = world.db();
    await db.query('INSERT INTO channels (id, name) VALUES ($1, $2)', [CHANNEL, CHANNEL_NAME]);
    await db.query(
      `INSERT INTO videos (id, channel_id, channel_name, title, length_seconds, published)
       SELECT 'sv' || lpad(n::text, 9, '0'), $1, $2, 'Seed video ' || n, 100 + n, now() - n * interval '1 hour'
       FROM generate_series(0, $3 - 1) n`,
      [CHANNEL, CHANNEL_NAME, SEEDED_VIDEOS],
    );
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('runs the documented journey: create, list, get, patch, add, remove, delete', async () => {
    const alice = await newUser();

    const created = await send({ method: 'POST', url: AUTH, headers: alice.headers, payload: { title: 'Mix', privacy: 'private' } });
    expect(created.statusCode).toBe(201);
    const { playlistId } = created.json();
    expect(created.json()).toEqual({ title: 'Mix', playlistId });
    expect(playlistId).toMatch(PLAYLIST_ID);
    expect(created.headers.location).toBe(`${AUTH}/${playlistId}`);

    // The response check is not vacuous: these routes are in the document and a wrong shape fails.
    expect(specValidator().check('GET', AUTH, 200, 'application/json', '[{"type":"invidiousPlaylist"}]')).not.toEqual([]);

    const list = await send({ method: 'GET', url: AUTH, headers: alice.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        type: 'invidiousPlaylist',
        title: 'Mix',
        playlistId,
        author: alice.username,
        authorId: null,
        authorUrl: null,
        authorThumbnails: [],
        description: '',
        descriptionHtml: '',
        videoCount: 0,
        viewCount: 0,
        updated: expect.any(Number),
        isListed: false,
        videos: [],
      },
    ]);

    const fetched = await send({ method: 'GET', url: `${AUTH}/${playlistId}`, headers: alice.headers });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(list.json()[0]);

    const patched = await send({
      method: 'PATCH',
      url: `${AUTH}/${playlistId}`,
      headers: alice.headers,
      payload: { title: 'Road trip', description: 'a & b', privacy: 'Public' },
    });
    expect(patched.statusCode).toBe(204);
    expect(patched.body).toBe('');
    expect((await get(playlistId)).json()).toMatchObject({ title: 'Road trip', description: 'a & b', descriptionHtml: 'a &amp; b', isListed: true });

    const added = await add(alice, playlistId, seedVideoId(3));
    expect(added.statusCode).toBe(201);
    const entry = added.json();
    expect(entry).toEqual({
      type: 'video',
      title: 'Seed video 3',
      videoId: seedVideoId(3),
      author: CHANNEL_NAME,
      authorId: CHANNEL,
      authorUrl: `/channel/${CHANNEL}`,
      videoThumbnails: expect.any(Array),
      index: 0,
      indexId: expect.stringMatching(INDEX_ID),
      lengthSeconds: 103,
      liveNow: false,
    });
    expect(entry.videoThumbnails).toHaveLength(9);
    expect(Object.keys(entry)).toEqual([
      'type',
      'title',
      'videoId',
      'author',
      'authorId',
      'authorUrl',
      'videoThumbnails',
      'index',
      'indexId',
      'lengthSeconds',
      'liveNow',
    ]);
    expect(added.headers.location).toBe(`${AUTH}/${playlistId}/videos/${entry.indexId}`);
    const second = (await add(alice, playlistId, seedVideoId(4))).json();
    expect(second.index).toBe(1);

    const withVideos = (await send({ method: 'GET', url: `${AUTH}/${playlistId}`, headers: alice.headers })).json();
    expect(withVideos.videoCount).toBe(2);
    expect(withVideos.videos.map((v: { indexId: string }) => v.indexId)).toEqual([entry.indexId, second.indexId]);

    // Read in either case.
    const removed = await send({ method: 'DELETE', url: `${AUTH}/${playlistId}/videos/${entry.indexId.toLowerCase()}`, headers: alice.headers });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    const afterRemoval = (await get(playlistId)).json();
    expect(afterRemoval.videos).toEqual([{ ...second, index: 0 }]);

    const deleted = await send({ method: 'DELETE', url: `${AUTH}/${playlistId}`, headers: alice.headers });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await get(playlistId, alice.headers)).statusCode).toBe(404);
    expect((await db.query('SELECT count(*)::int AS n FROM playlist_videos WHERE playlist_id = $1', [playlistId])).rows[0].n).toBe(0);
  });

  it("lists the caller's playlists by updated, newest first, each with at most 100 entries", async () => {
    const carol = await newUser();
    const older = await create(carol, { title: 'Older', privacy: 'public' });
    const newer = await create(carol, { title: 'Newer', privacy: 'unlisted' });
    await fill(older, 120);
    // Adding to the older playlist makes it the most recently changed.
    expect((await add(carol, older, seedVideoId(500))).statusCode).toBe(201);
    const list = (await send({ method: 'GET', url: AUTH, headers: carol.headers })).json();
    expect(list.map((p: { playlistId: string }) => p.playlistId)).toEqual([older, newer]);
    expect(list[0].videoCount).toBe(121);
    expect(list[0].videos).toHaveLength(100);
    expect(list[0].videos[99].index).toBe(99);
    expect(list[1]).toMatchObject({ isListed: false, videoCount: 0 });
  });

  it('hides private playlists from others (404) and refuses their writes to public ones (403 Invalid user)', async () => {
    const owner = await newUser();
    const other = await newUser();
    const priv = await create(owner, { title: 'Secret', privacy: 'private' });
    const pub = await create(owner, { title: 'Open', privacy: 'public' });
    const unlisted = await create(owner, { title: 'Link only', privacy: 'unlisted' });
    const indexId = (await add(owner, pub, seedVideoId(1))).json().indexId as string;
    const privIndexId = (await add(owner, priv, seedVideoId(1))).json().indexId as string;

    const writes = (id: string, index: string) => [
      { method: 'PATCH', url: `${AUTH}/${id}`, payload: { title: 'Mine now' } },
      { method: 'DELETE', url: `${AUTH}/${id}` },
      { method: 'POST', url: `${AUTH}/${id}/videos`, payload: { videoId: seedVideoId(2) } },
      { method: 'DELETE', url: `${AUTH}/${id}/videos/${index}` },
    ];
    for (const request of writes(priv, privIndexId)) {
      const res = await send({ ...request, headers: other.headers } as InjectOptions & { method: string; url: string });
      expect([request.method, request.url, res.statusCode, res.json()]).toEqual([request.method, request.url, 404, { error: 'Playlist does not exist.' }]);
    }
    for (const request of writes(pub, indexId)) {
      const res = await send({ ...request, headers: other.headers } as InjectOptions & { method: string; url: string });
      expect([request.method, request.url, res.statusCode, res.json()]).toEqual([request.method, request.url, 403, { error: 'Invalid user' }]);
    }
    expect((await get(pub)).json()).toMatchObject({ title: 'Open', videoCount: 1 });

    for (const [id, status] of [
      [priv, 404],
      [pub, 200],
      [unlisted, 200],
    ] as const) {
      expect((await send({ method: 'GET', url: `${AUTH}/${id}`, headers: other.headers })).statusCode).toBe(status);
      expect((await get(id, other.headers)).statusCode).toBe(status);
      expect((await get(id)).statusCode).toBe(status);
    }
    expect((await get(priv)).json()).toEqual({ error: 'Playlist does not exist.' });
    expect((await get(unlisted)).json()).toMatchObject({ isListed: false, author: owner.username });

    // The public path: the owner only through a credential whose scopes allow GET:playlists/<id>.
    expect((await get(priv, owner.headers)).statusCode).toBe(200);
    const exact = await mintToken(app, owner.jwt, [`GET:playlists/${priv}`]);
    expect((await get(priv, bearer(exact))).statusCode).toBe(200);
    const elsewhere = await mintToken(app, owner.jwt, ['GET:feed', `GET:playlists/${pub}`]);
    expect((await get(priv, bearer(elsewhere))).statusCode).toBe(404);
    // Invalid credentials are anonymous there: public playlists still open, no 403.
    const invalid: Record<string, string>[] = [
      { authorization: 'Bearer nonsense' },
      { authorization: `Bearer ${exact.replace(/"signature":"[^"]*"/, '"signature":"AAAA"')}` },
      { cookie: 'SID=unknown' },
    ];
    for (const headers of invalid) {
      expect((await get(pub, headers)).statusCode).toBe(200);
      expect((await get(priv, headers)).statusCode).toBe(404);
    }
    expect((await send({ method: 'HEAD', url: `${PUBLIC}/${pub}` })).statusCode).toBe(200);
  });

  it('refuses the 101st playlist, also when creations race', async () => {
    const dave = await newUser();
    await db.query(
      `INSERT INTO playlists (id, user_id, title, privacy)
       SELECT 'IVPL' || substr(md5(random()::text) || md5(random()::text), 1, 31), $1, 'Bulk ' || n, 'private' FROM generate_series(1, 95) n`,
      [dave.id],
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send({ method: 'POST', url: AUTH, headers: dave.headers, payload: { title: `Race ${i}`, privacy: 'private' } })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(5).fill(201), ...Array(5).fill(400)]);
    for (const refused of results.filter((r) => r.statusCode === 400)) expect(refused.json()).toEqual({ error: 'User cannot have more than 100 playlists.' });
    const more = await send({ method: 'POST', url: AUTH, headers: dave.headers, payload: { title: 'One more', privacy: 'public' } });
    expect([more.statusCode, more.json()]).toEqual([400, { error: 'User cannot have more than 100 playlists.' }]);
    expect((await db.query('SELECT count(*)::int AS n FROM playlists WHERE user_id = $1', [dave.id])).rows[0].n).toBe(100);
  });

  it('refuses the 501st video', async () => {
    const erin = await newUser();
    const id = await create(erin);
    await fill(id, 500);
    const res = await add(erin, id, seedVideoId(0));
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'Playlist cannot have more than 500 videos' }]);
    // The limit is checked before the upstream is asked.
    const before = fake.requests.length;
    expect((await add(erin, id, UNKNOWN_VIDEO)).statusCode).toBe(400);
    expect(fake.requests.length).toBe(before);
  });

  it('lets 20 parallel adds to a 495-video playlist fill it to exactly 500, positions distinct', async () => {
    const frank = await newUser();
    const id = await create(frank);
    await fill(id, 495);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => add(frank, id, seedVideoId(500 + i))));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(15);
    expect(
      results
        .filter((r) => r.statusCode === 201)
        .map((r) => r.json().index)
        .sort(),
    ).toEqual([495, 496, 497, 498, 499]);
    const rows = await positions(id);
    expect(rows).toHaveLength(500);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('normalises titles and checks descriptions and privacy', async () => {
    const gina = await newUser();
    const title = `<b>${'é'.repeat(100)}`;
    const res = await send({ method: 'POST', url: AUTH, headers: gina.headers, payload: { title, privacy: 'UNLISTED', description: 'x'.repeat(5000) } });
    expect(res.statusCode).toBe(201);
    // "b" + 74 × "é" is 149 bytes; a 75th "é" would need 151.
    const expected = `b${'é'.repeat(74)}`;
    expect(res.json().title).toBe(expected);
    expect((await get(res.json().playlistId)).json()).toMatchObject({ title: expected, isListed: false });

    const bad = async (payload: unknown, error: string, method = 'POST', url = AUTH) => {
      const answer = await send({ method, url, headers: { ...gina.headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect([JSON.stringify(payload).slice(0, 60), answer.statusCode, answer.json()]).toEqual([JSON.stringify(payload).slice(0, 60), 400, { error }]);
    };
    await bad({ title: 'Mix', privacy: 'private', description: 'x'.repeat(5001) }, 'Invalid description: at most 5000 characters');
    await bad({ title: 'Mix', privacy: 'secret' }, 'Invalid privacy setting.');
    await bad({ title: 'Mix' }, 'Invalid privacy setting.');
    await bad({ privacy: 'private' }, 'Invalid title.');
    await bad({ title: '<>', privacy: 'private' }, 'Invalid title.');
    await bad({ title: 42, privacy: 'private' }, 'Invalid title.');
    await bad({ title: 'Mix', privacy: 'private', owner: 'x' }, 'Unknown key "owner": expected title, privacy, description');

    const id = res.json().playlistId as string;
    await bad({ privacy: 'secret' }, 'Invalid privacy setting.', 'PATCH', `${AUTH}/${id}`);
    await bad({ description: 'x'.repeat(5001) }, 'Invalid description: at most 5000 characters', 'PATCH', `${AUTH}/${id}`);
    await bad({ title: ' ' }, 'Invalid title.', 'PATCH', `${AUTH}/${id}`);
    // Input is checked before existence.
    await bad({ privacy: 'secret' }, 'Invalid privacy setting.', 'PATCH', `${AUTH}/IVPLdoesnotexist`);
    expect((await get(id)).json()).toMatchObject({ title: expected, description: 'x'.repeat(5000) });
    expect((await db.query('SELECT count(*)::int AS n FROM playlists WHERE user_id = $1', [gina.id])).rows[0].n).toBe(1);
  });

  it('moves updated only on a real change', async () => {
    const hank = await newUser();
    const id = await create(hank, { title: 'Same', privacy: 'private' });
    const updatedAt = async () => (await db.query('SELECT updated_at FROM playlists WHERE id = $1', [id])).rows[0].updated_at.getTime() as number;
    const first = await updatedAt();
    for (const payload of [{}, { title: 'Same', privacy: 'PRIVATE' }, { title: null, description: null }]) {
      expect((await send({ method: 'PATCH', url: `${AUTH}/${id}`, headers: hank.headers, payload })).statusCode).toBe(204);
    }
    expect(await updatedAt()).toBe(first);
    expect((await send({ method: 'PATCH', url: `${AUTH}/${id}`, headers: hank.headers, payload: { description: 'new' } })).statusCode).toBe(204);
    expect(await updatedAt()).toBeGreaterThan(first);
  });

  describe('adding videos', () => {
    it('checks the id first, then ownership', async () => {
      const ivan = await newUser();
      const id = await create(ivan);
      for (const payload of [{ videoId: 'short' }, { videoId: 12345678901 }, {}, { videoId: 'dQw4w9WgXc!' }]) {
        const res = await send({ method: 'POST', url: `${AUTH}/${id}/videos`, headers: ivan.headers, payload });
        expect([res.statusCode, res.json()]).toEqual([400, { error: 'Invalid videoId' }]);
      }
      const missing = await send({ method: 'POST', url: `${AUTH}/IVPLnope/videos`, headers: ivan.headers, payload: { videoId: 'short' } });
      expect([missing.statusCode, missing.json()]).toEqual([400, { error: 'Invalid videoId' }]);
      const absent = await add(ivan, 'IVPLAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', seedVideoId(1));
      expect([absent.statusCode, absent.json()]).toEqual([404, { error: 'Playlist does not exist.' }]);
    });

    it('fetches a video the catalog lacks from the upstream and stores it', async () => {
      const jane = await newUser();
      const id = await create(jane);
      const video = upstreamChannel.videos[0];
      const res = await add(jane, id, video.id);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        title: video.title,
        videoId: video.id,
        author: upstreamChannel.name,
        authorId: upstreamChannel.id,
        lengthSeconds: video.lengthSeconds,
        index: 0,
      });
      expect((await db.query('SELECT title FROM videos WHERE id = $1', [video.id])).rows).toEqual([{ title: video.title }]);
      // Now in the catalog: a second add asks the upstream nothing.
      const before = fake.count(`/api/v1/videos/${video.id}`);
      expect((await add(jane, id, video.id)).statusCode).toBe(201);
      expect(fake.count(`/api/v1/videos/${video.id}`)).toBe(before);
    });

    it('adds nothing when the upstream does not know the video (404), fails (502) or is not configured (503)', async () => {
      const kate = await newUser();
      const id = await create(kate);
      await fill(id, 2);

      const unknown = await add(kate, id, UNKNOWN_VIDEO);
      expect([unknown.statusCode, unknown.json()]).toEqual([404, { error: 'Video unavailable' }]);

      const failing = upstreamChannel.videos[1].id;
      fake.failNext(3, 500, `/api/v1/videos/${failing}`);
      const down = await add(kate, id, failing);
      expect(down.statusCode).toBe(502);
      expect(down.json().error).toMatch(/^Upstream error: /);

      const noUpstream = await world.startApp(ADMIN_ENV);
      const none = await add(kate, id, upstreamChannel.videos[2].id, noUpstream);
      expect(none.statusCode).toBe(503);
      expect(none.json().error).toMatch(/No upstream is configured/);
      // A catalog video needs no upstream.
      expect((await add(kate, id, seedVideoId(9), noUpstream)).statusCode).toBe(201);

      expect((await positions(id)).map((r) => r.video_id)).toEqual([seedVideoId(0), seedVideoId(1), seedVideoId(9)]);
      expect((await db.query('SELECT id FROM videos WHERE id = ANY($1)', [[UNKNOWN_VIDEO, failing, upstreamChannel.videos[2].id]])).rows).toEqual([]);
    });
  });

  describe('removing entries', () => {
    it('renumbers the entries after the removed one and keeps their indexIds', async () => {
      const liam = await newUser();
      const id = await create(liam);
      const added: { indexId: string; videoId: string }[] = [];
      for (let n = 0; n < 5; n++) added.push((await add(liam, id, seedVideoId(n))).json());
      expect((await send({ method: 'DELETE', url: `${AUTH}/${id}/videos/${added[1].indexId}`, headers: liam.headers })).statusCode).toBe(204);
      const videos = (await get(id, liam.headers)).json().videos as { index: number; indexId: string; videoId: string }[];
      expect(videos.map((v) => [v.index, v.indexId, v.videoId])).toEqual([0, 2, 3, 4].map((n, i) => [i, added[n].indexId, added[n].videoId]));
      expect((await positions(id)).map((r) => r.position)).toEqual([0, 1, 2, 3]);
    });

    it('answers 400 for a malformed index and 404 for one the playlist lacks', async () => {
      const mia = await newUser();
      const id = await create(mia);
      const other = await create(mia);
      const indexId = (await add(mia, other, seedVideoId(1))).json().indexId as string;
      const remove = (index: string) => send({ method: 'DELETE', url: `${AUTH}/${id}/videos/${index}`, headers: mia.headers });
      for (const index of ['zz', '12345678901234567', '0x1'])
        expect([(await remove(index)).statusCode, (await remove(index)).json()]).toEqual([400, { error: 'Invalid index' }]);
      // Another playlist's entry is not this playlist's (the hole Invidious had: docs/dialects/invidious.md#invidious-behaviours-not-copied, item 8).
      for (const index of [indexId, 'FFFFFFFFFFFFFFFF', '0'])
        expect([(await remove(index)).statusCode, (await remove(index)).json()]).toEqual([404, { error: 'Playlist does not contain index' }]);
      expect(await positions(other)).toHaveLength(1);
    });
  });

  it('windows entries by index, page and continuation', async () => {
    const nina = await newUser();
    const id = await create(nina, { title: 'Long', privacy: 'public' });
    await fill(id, 250);
    const window = async (query: string) => {
      const res = await get(id, {}, query);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.videoCount).toBe(250);
      const indexes = (body.videos as { index: number; videoId: string }[]).map((v) => {
        expect(v.videoId).toBe(seedVideoId(v.index));
        return v.index;
      });
      return indexes.length ? [indexes[0], indexes.at(-1), indexes.length] : [];
    };
    expect(await window('')).toEqual([0, 99, 100]);
    expect(await window('?page=1')).toEqual([0, 99, 100]);
    expect(await window('?page=2')).toEqual([50, 149, 100]);
    expect(await window('?page=3')).toEqual([150, 249, 100]);
    expect(await window('?page=4')).toEqual([]);
    expect(await window('?index=220')).toEqual([170, 249, 80]);
    expect(await window('?index=30')).toEqual([0, 99, 100]);
    expect(await window('?index=120&page=1')).toEqual([70, 169, 100]);
    expect(await window(`?continuation=${seedVideoId(120)}`)).toEqual([120, 219, 100]);
    expect(await window(`?continuation=${seedVideoId(120)}&page=2`)).toEqual([50, 149, 100]);
    expect(await window(`?continuation=${UNKNOWN_VIDEO}`)).toEqual([0, 99, 100]);
    expect(await window('?page=&index=&format=html&listen=1&hl=de&region=DE&pretty=1')).toEqual([0, 99, 100]);
    for (const query of ['?page=0', '?page=x', '?index=-1', '?continuation=short', '?page=1&page=2']) {
      const res = await get(id, {}, query);
      expect([query, res.statusCode]).toEqual([query, 400]);
    }
    // The authenticated path windows the same way.
    const res = await send({ method: 'GET', url: `${AUTH}/${id}?page=2`, headers: nina.headers });
    expect(res.json().videos[0].index).toBe(50);
  });

  it('serves catalog upstream playlists as type "playlist" on both paths', async () => {
    const olive = await newUser();
    const upstreamId = 'PLseedplaylist000001';
    await db.query('INSERT INTO upstream_playlists (id, title, author, channel_id, description, last_refreshed_at) VALUES ($1, $2, $3, $4, $5, now())', [
      upstreamId,
      'Catalog list',
      CHANNEL_NAME,
      CHANNEL,
      'From <upstream>',
    ]);
    await db.query('INSERT INTO upstream_playlist_videos (playlist_id, position, video_id) VALUES ($1, 0, $2), ($1, 1, $3)', [
      upstreamId,
      seedVideoId(5),
      UNKNOWN_VIDEO,
    ]);
    const res = await get(upstreamId);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      type: 'playlist',
      title: 'Catalog list',
      playlistId: upstreamId,
      playlistThumbnail: `https://i.ytimg.com/vi/${seedVideoId(5)}/hqdefault.jpg`,
      author: CHANNEL_NAME,
      authorId: CHANNEL,
      authorUrl: `/channel/${CHANNEL}`,
      subtitle: null,
      authorThumbnails: [],
      description: 'From <upstream>',
      descriptionHtml: 'From &lt;upstream&gt;',
      videoCount: 2,
      viewCount: 0,
      isListed: true,
    });
    expect(body.videos.map((v: { index: number; videoId: string; title: string }) => [v.index, v.videoId, v.title])).toEqual([
      [0, seedVideoId(5), 'Seed video 5'],
      [1, UNKNOWN_VIDEO, ''],
    ]);
    expect(body.videos[0]).not.toHaveProperty('indexId');
    expect((await send({ method: 'GET', url: `${AUTH}/${upstreamId}`, headers: olive.headers })).json()).toEqual(body);
    for (const id of ['PLnotinthecatalog01', 'RDdQw4w9WgXcQ', 'IVPLnope', 'whatever']) {
      const missing = await get(id);
      expect([id, missing.statusCode, missing.json()]).toEqual([id, 404, { error: 'Playlist does not exist.' }]);
    }
  });

  it('builds Location from PUBLIC_URL, else as a path: never from the Host or forwarded headers', async () => {
    const pete = await newUser();
    const forwarded = { ...pete.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'proxy.example' };
    const withPublicUrl = await world.startApp({ ...ADMIN_ENV, PUBLIC_URL: 'https://tube.example.org/' });
    const res = await send({ method: 'POST', url: AUTH, headers: forwarded, payload: { title: 'A', privacy: 'public' } }, withPublicUrl);
    expect(res.headers.location).toBe(`https://tube.example.org${AUTH}/${res.json().playlistId}`);
    const entry = await send(
      { method: 'POST', url: `${AUTH}/${res.json().playlistId}/videos`, headers: forwarded, payload: { videoId: seedVideoId(1) } },
      withPublicUrl,
    );
    expect(entry.headers.location).toBe(`https://tube.example.org${AUTH}/${res.json().playlistId}/videos/${entry.json().indexId}`);

    const behindProxy = await world.startApp({ ...ADMIN_ENV, TRUST_PROXY: 'true' });
    const proxied = await send({ method: 'POST', url: AUTH, headers: forwarded, payload: { title: 'B', privacy: 'public' } }, behindProxy);
    expect(proxied.headers.location).toBe(`${AUTH}/${proxied.json().playlistId}`);

    const direct = await send({ method: 'POST', url: AUTH, headers: forwarded, payload: { title: 'C', privacy: 'public' } });
    expect(direct.headers.location).toBe(`${AUTH}/${direct.json().playlistId}`);

    // A forged Host header never becomes a redirect target.
    const forgedHost = { ...pete.headers, host: 'evil.example' };
    const forged = await send({ method: 'POST', url: AUTH, headers: forgedHost, payload: { title: 'D', privacy: 'public' } });
    expect(forged.statusCode).toBe(201);
    expect(forged.headers.location).toBe(`${AUTH}/${forged.json().playlistId}`);
    const forgedEntry = await send({
      method: 'POST',
      url: `${AUTH}/${forged.json().playlistId}/videos`,
      headers: forgedHost,
      payload: { videoId: seedVideoId(1) },
    });
    expect(forgedEntry.headers.location).toBe(`${AUTH}/${forged.json().playlistId}/videos/${forgedEntry.json().indexId}`);
    expect(String(forged.headers.location) + String(forgedEntry.headers.location)).not.toContain('evil.example');
  });

  it('lets a :playlists* token in and answers 403 Invalid scope to a GET:preferences token on every route', async () => {
    const quinn = await newUser();
    const id = await create(quinn);
    const indexId = (await add(quinn, id, seedVideoId(1))).json().indexId as string;
    const playlistsToken = bearer(await mintToken(app, quinn.jwt, [':playlists*']));
    expect((await send({ method: 'GET', url: AUTH, headers: playlistsToken })).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: `${AUTH}/${id}/videos`, headers: playlistsToken, payload: { videoId: seedVideoId(2) } })).statusCode).toBe(201);

    const preferencesToken = bearer(await mintToken(app, quinn.jwt, ['GET:preferences']));
    const routes = [
      { method: 'GET', url: AUTH },
      { method: 'POST', url: AUTH, payload: { title: 'x', privacy: 'nope' } },
      { method: 'GET', url: `${AUTH}/${id}` },
      { method: 'PATCH', url: `${AUTH}/${id}`, payload: { privacy: 'nope' } },
      { method: 'DELETE', url: `${AUTH}/${id}` },
      { method: 'POST', url: `${AUTH}/${id}/videos`, payload: { videoId: 'bad' } },
      { method: 'DELETE', url: `${AUTH}/${id}/videos/${indexId}` },
    ];
    for (const route of routes) {
      const res = await send({ ...route, headers: preferencesToken } as InjectOptions & { method: string; url: string });
      expect([route.method, route.url, res.statusCode, res.json()]).toEqual([route.method, route.url, 403, { error: 'Invalid scope' }]);
    }
    expect(await positions(id)).toHaveLength(2);
  });

  it('answers every route with and without a trailing slash', async () => {
    const rita = await newUser();
    for (const slash of ['', '/']) {
      const created = await send({ method: 'POST', url: `${AUTH}${slash}`, headers: rita.headers, payload: { title: 'T', privacy: 'public' } });
      expect(created.statusCode).toBe(201);
      const id = created.json().playlistId as string;
      expect((await send({ method: 'GET', url: `${AUTH}${slash}`, headers: rita.headers })).statusCode).toBe(200);
      expect((await send({ method: 'GET', url: `${AUTH}/${id}${slash}`, headers: rita.headers })).statusCode).toBe(200);
      expect((await send({ method: 'GET', url: `${PUBLIC}/${id}${slash}` })).statusCode).toBe(200);
      expect((await send({ method: 'PATCH', url: `${AUTH}/${id}${slash}`, headers: rita.headers, payload: { title: 'U' } })).statusCode).toBe(204);
      const added = await send({ method: 'POST', url: `${AUTH}/${id}/videos${slash}`, headers: rita.headers, payload: { videoId: seedVideoId(1) } });
      expect(added.statusCode).toBe(201);
      expect((await send({ method: 'DELETE', url: `${AUTH}/${id}/videos/${added.json().indexId}${slash}`, headers: rita.headers })).statusCode).toBe(204);
      expect((await send({ method: 'DELETE', url: `${AUTH}/${id}${slash}`, headers: rita.headers })).statusCode).toBe(204);
    }
  });

  it("accepts Clipious's empty application/json bodies on DELETE, and answers an empty POST with 400", async () => {
    const sam = await newUser();
    const id = await create(sam);
    const indexId = (await add(sam, id, seedVideoId(1))).json().indexId as string;
    const clipious = { ...sam.headers, 'content-type': 'application/json' };
    // Clipious's public GETs carry a JSON content type (charset=utf-16) and no body.
    expect(
      (await send({ method: 'GET', url: `${PUBLIC}/${id}`, headers: { ...sam.headers, 'content-type': 'application/json; charset=utf-16' } })).statusCode,
    ).toBe(200);
    expect((await send({ method: 'DELETE', url: `${AUTH}/${id}/videos/${indexId}`, headers: clipious, payload: '' })).statusCode).toBe(204);
    const empty = await send({ method: 'POST', url: `${AUTH}/${id}/videos`, headers: clipious, payload: '' });
    expect([empty.statusCode, empty.json()]).toEqual([400, { error: 'Invalid videoId' }]);
    expect((await send({ method: 'PATCH', url: `${AUTH}/${id}`, headers: clipious, payload: '' })).statusCode).toBe(204);
    expect((await send({ method: 'DELETE', url: `${AUTH}/${id}`, headers: clipious, payload: '' })).statusCode).toBe(204);
  });

  it("exports a user's playlists and imports them for another inside a transaction (PLAYLIST_TRANSFER round trip)", async () => {
    const tom = await newUser();
    const uma = await newUser();
    const first = await create(tom, { title: 'First', privacy: 'public', description: 'one' });
    await create(tom, { title: 'Second', privacy: 'unlisted' });
    await create(tom, { title: 'Third', privacy: 'private' });
    for (const n of [3, 1, 3]) await add(tom, first, seedVideoId(n));

    const transfer = app.get<PlaylistTransfer>(PLAYLIST_TRANSFER);
    const exported = await transfer.exportPlaylists(tom.id);
    expect(exported).toEqual([
      { title: 'First', description: 'one', privacy: 'Public', videos: [seedVideoId(3), seedVideoId(1), seedVideoId(3)] },
      { title: 'Second', description: '', privacy: 'Unlisted', videos: [] },
      { title: 'Third', description: '', privacy: 'Private', videos: [] },
    ]);
    const sent = JSON.parse(JSON.stringify(exported));
    expect(transfer.validateImport(sent)).toEqual([]);
    const dataSource = app.get(DataSource);
    await dataSource.transaction((manager) => transfer.importPlaylists(manager, uma.id, sent));
    expect(await transfer.exportPlaylists(uma.id)).toEqual(exported);
    const [imported] = (await send({ method: 'GET', url: AUTH, headers: uma.headers })).json().filter((p: { title: string }) => p.title === 'First');
    expect(imported.videos.map((v: { index: number }) => v.index)).toEqual([0, 1, 2]);
    expect(new Set(imported.videos.map((v: { indexId: string }) => v.indexId)).size).toBe(3);

    // Imported values are normalised as on POST; problems name their item.
    expect(transfer.validateImport([{ title: '<>', privacy: 'Secret', videos: ['bad'] }])).toEqual([
      'playlists[0].title: Invalid title.',
      'playlists[0].privacy: Invalid privacy setting.',
      'playlists[0].videos[0]: Invalid videoId',
    ]);
    // Over the per-user limit: 400, and the caller's transaction writes nothing.
    const tooMany = Array.from({ length: 98 }, (_, i) => ({ title: `T${i}`, description: '', privacy: 'Private' as const, videos: [] }));
    const refused: unknown = await dataSource.transaction((manager) => transfer.importPlaylists(manager, uma.id, tooMany)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(domainErrorResponse(refused as DomainError, 'invidious')).toMatchObject({
      status: 400,
      body: { error: 'User cannot have more than 100 playlists.' },
    });
    expect((await db.query('SELECT count(*)::int AS n FROM playlists WHERE user_id = $1', [uma.id])).rows[0].n).toBe(3);
  });
});
