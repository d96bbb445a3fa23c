import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { ADMIN_ENV } from './support/auth.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { seedCatalog, seedUser, type FixtureUser } from './support/library-fixture.js';
import { exampleOf, fillPath, operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { runStamp, table, writeReliabilitySection } from './support/reliability-report.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

type Privacy = 'private' | 'public' | 'unlisted';

/**
 * What another user gets on each id-taking route, by operationId (docs/dialects/invidious.md#playlists to #history, the
 * document's responses): a private playlist is hidden (404), a public or unlisted one readable but
 * not writable (403 `Invalid user`); subscriptions and history by id act on the caller's own rows;
 * user administration needs an admin. Routes not listed here must at least never answer 5xx, never
 * show the victim's private data and never change it.
 */
const PLAYLIST_READS = new Set(['getPlaylist', 'getPublicPlaylist']);
const PLAYLIST_WRITES = new Set(['updatePlaylist', 'deletePlaylist', 'addPlaylistVideo', 'removePlaylistVideo']);
const OWN_ROWS = new Set(['subscribe', 'unsubscribe', 'markWatched', 'unmarkWatched']);
const CATALOG = new Set(['getTaVideo', 'getTaChannel', 'getVideo', 'getChannel', 'getChannelVideos']);

function expectedStatuses(operationId: string, privacy?: Privacy): number[] | undefined {
  if (PLAYLIST_READS.has(operationId)) return privacy === 'private' ? [404] : [200];
  if (PLAYLIST_WRITES.has(operationId)) return privacy === 'private' ? [404] : [403];
  if (OWN_ROWS.has(operationId)) return [200, 204];
  if (CATALOG.has(operationId)) return [200];
  if (operationId === 'deleteUser') return [403];
  return undefined;
}

describe('cross-user isolation: another user never sees or changes what is not theirs (every id-taking route)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let alice: FixtureUser;
  let bob: FixtureUser;
  let operations: SpecOperation[];
  let markers: string[];
  const tried: [string, number][] = [];
  let problemCount = -1;

  /** Every row that is Alice's: her user, sessions, preferences, playlists and their entries, subscriptions, history, notifications. */
  async function aliceRows(): Promise<string> {
    const { rows } = await db.query(
      `SELECT json_build_object(
         'user', (SELECT to_jsonb(u) FROM users u WHERE id = $1),
         'sessions', (SELECT json_agg(to_jsonb(s) - 'last_used_at' ORDER BY id) FROM sessions s WHERE user_id = $1),
         'preferences', (SELECT json_agg(to_jsonb(p)) FROM preferences p WHERE user_id = $1),
         'playlists', (SELECT json_agg(to_jsonb(p) ORDER BY id) FROM playlists p WHERE user_id = $1),
         'entries', (SELECT json_agg(to_jsonb(v) ORDER BY playlist_id, position) FROM playlist_videos v JOIN playlists p ON p.id = v.playlist_id WHERE p.user_id = $1),
         'subscriptions', (SELECT json_agg(to_jsonb(s) ORDER BY channel_id) FROM subscriptions s WHERE user_id = $1),
         'watched', (SELECT json_agg(to_jsonb(w) ORDER BY video_id) FROM watched w WHERE user_id = $1),
         'notifications', (SELECT json_agg(to_jsonb(n) ORDER BY video_id) FROM feed_notifications n WHERE user_id = $1)
       )::text AS rows`,
      [alice.id],
    );
    return rows[0].rows as string;
  }

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url, YOUTUBE_URL: fake.url });
    db = world.db();
    await seedCatalog(db, 2, 3);
    alice = await seedUser(app, 'alice', false, 2);
    bob = await seedUser(app, 'bob', false, 1);
    // Alice's private playlist's title and her token's session are hers alone.
    markers = ['alice private', alice.tokenSession];
    operations = operationsOf((await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json);
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
    const statuses: Record<number, number> = {};
    for (const [, status] of tried) statuses[status] = (statuses[status] ?? 0) + 1;
    writeReliabilitySection(
      'cross-user',
      [
        '## Cross-user isolation (`test/cross-user.e2e-spec.ts`, in `npm test`)',
        '',
        `Last run: ${runStamp()}. Bob (full-access token) tried every id-taking operation of the served \`/openapi.json\` on Alice’s ids (her private, public and unlisted playlists and their entries, her subscribed channel, her watched video, her user id), and her token session in bodies and as a SID cookie; Alice’s rows (user, sessions, preferences, playlists and entries, subscriptions, history, notifications) were compared after every request, and every answer searched for her private playlist’s title and her token’s session id.`,
        '',
        table(
          ['requests', 'statuses', 'answers not per the spec, leaks or changes of Alice’s rows'],
          [
            [
              tried.length,
              Object.entries(statuses)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', '),
              problemCount < 0 ? 'not run to the end' : problemCount,
            ],
          ],
        ),
      ].join('\n'),
    );
  });

  const leaks = (body: string) => markers.filter((m) => body.includes(m));

  it('lists, exports and feeds show Bob only his own things', async () => {
    const lists = operations.filter(
      (op) => op.method === 'GET' && op.requiredScope && !op.template.includes('{') && !op.produces.includes('text/event-stream'),
    );
    expect(lists.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['listPlaylists', 'listSubscriptions', 'getHistory', 'listTokens', 'exportInvidious', 'getFeed']),
    );
    const problems: string[] = [];
    for (const op of lists) {
      const res = await app.inject({ method: 'GET', url: op.template, headers: bob.headers });
      if (res.statusCode >= 500) problems.push(`${op.operationId} → ${res.statusCode}`);
      if (leaks(res.body).length) problems.push(`${op.operationId} shows ${leaks(res.body).join(', ')}`);
      if (['listSubscriptions', 'exportInvidious'].includes(op.operationId) && res.body.includes(alice.channel))
        problems.push(`${op.operationId} shows Alice's subscription`);
      if (['getHistory', 'exportInvidious'].includes(op.operationId) && res.body.includes(alice.video))
        problems.push(`${op.operationId} shows Alice's history`);
      for (const id of [alice.privatePlaylist, alice.publicPlaylist, alice.unlistedPlaylist])
        if (res.body.includes(id)) problems.push(`${op.operationId} shows Alice's playlist ${id}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers Bob per the spec on every route that takes an id of Alice’s, and Alice’s rows never change', async () => {
    const withIds = operations.filter((op) => op.parameters.some((p) => p.in === 'path') && (op.requiredScope || op.template.startsWith('/api/v1/playlists/')));
    expect(withIds.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'getPlaylist',
        'updatePlaylist',
        'deletePlaylist',
        'addPlaylistVideo',
        'removePlaylistVideo',
        'getPublicPlaylist',
        'subscribe',
        'unsubscribe',
        'markWatched',
        'unmarkWatched',
        'deleteUser',
      ]),
    );
    const before = await aliceRows();
    const problems: string[] = [];
    let sent = 0;
    for (const op of withIds) {
      const takesPlaylist = /\/playlists\/\{id\}/.test(op.template);
      for (const privacy of takesPlaylist ? (['private', 'public', 'unlisted'] as Privacy[]) : [undefined]) {
        const playlist = privacy === 'private' ? alice.privatePlaylist : privacy === 'public' ? alice.publicPlaylist : alice.unlistedPlaylist;
        const values: Record<string, string> = {};
        for (const param of op.parameters.filter((p) => p.in === 'path')) {
          const before = op.template.split(`{${param.name}}`)[0].split('/').filter(Boolean).at(-1) ?? '';
          if (param.name === 'index') values.index = alice.indexOf[playlist];
          else if (before === 'playlists') values[param.name] = playlist;
          else if (before === 'users') values[param.name] = String(alice.id);
          else if (['subscriptions', 'channel', 'channels'].includes(before)) values[param.name] = alice.channel;
          else values[param.name] = alice.video;
        }
        const url = fillPath(op.template, values);
        const bodyType = op.body ? Object.keys(op.body.content).find((t) => t.includes('json')) : undefined;
        const payload = bodyType ? exampleOf(op.body!.content[bodyType]) : undefined;
        const res = await app.inject({
          method: op.method as 'GET',
          url: op.produces.includes('text/event-stream') ? `${url}?since=abc` : url,
          headers: { ...bob.headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
        });
        sent++;
        tried.push([`${op.method} ${op.template}`, res.statusCode]);
        const what = `${op.method} ${op.template}${privacy ? ` (${privacy})` : ''}`;
        const expected = expectedStatuses(op.operationId, privacy);
        if (expected ? !expected.includes(res.statusCode) : res.statusCode >= 500) problems.push(`${what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (leaks(res.body).length) problems.push(`${what} shows ${leaks(res.body).join(', ')}`);
        if (op.operationId === 'getTaVideo' && res.json().data?.player?.watched !== false) problems.push(`${what}: Bob sees Alice's watched state`);
        if (op.operationId === 'getTaChannel' && res.json().data?.channel_subscribed !== false) problems.push(`${what}: Bob sees Alice's subscription`);
        if ((await aliceRows()) !== before) throw new Error(`${what} changed Alice's rows`);
      }
    }
    problemCount = problems.length;
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(20);
  });

  it('refuses ids in bodies and cookies: Alice’s token session, her private playlist', async () => {
    const before = await aliceRows();
    const unregister = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens/unregister',
      headers: bob.headers,
      payload: { session: alice.tokenSession },
    });
    expect(unregister.statusCode).toBe(404);
    expect(unregister.json()).toEqual({ error: 'Session does not exist.' });
    const watched = await app.inject({ method: 'POST', url: '/api/watched/', headers: bob.headers, payload: { id: alice.privatePlaylist, is_watched: true } });
    expect(watched.statusCode).toBe(404);
    // Her token's session is no browser session: as a SID cookie it opens nothing.
    for (const url of ['/api/v1/auth/playlists', '/api/ping/']) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: `SID=${alice.tokenSession}` } });
      expect(res.statusCode).toBe(403);
      expect(leaks(res.body)).toEqual([]);
    }
    // Anonymous callers see a private playlist as missing on the public route.
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/playlists/${alice.privatePlaylist}` });
    expect(anonymous.statusCode).toBe(404);
    expect(leaks(anonymous.body)).toEqual([]);
    expect(await aliceRows()).toBe(before);
  });
});
