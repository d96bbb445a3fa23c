import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Middleware } from 'openapi-fetch';
import { createTubevaultClient, type TubevaultClient, type TubevaultClientOptions } from '../sdk/index.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { fakeChannel, FakeUpstream, type FakeVideo } from './support/fake-upstream.js';
import { assertDescribedBySpec } from './support/openapi-validator.js';
import { TestWorld } from './support/test-app.js';

/**
 * A user's journey through the generated SDK (sdk/), against the real app on a real loopback port:
 * what a client author gets from `npm run sdk`. Each step is one `it`, in order, and builds on the
 * state the previous ones left in `journey`; later features add their steps at the end.
 * The catalog comes from a fake Invidious upstream on loopback (test/support/fake-upstream.ts);
 * every answer the SDK receives is also checked against the committed openapi/openapi.json.
 */

/** What the scoped token may do: exactly what the steps after minting it need (refreshing is the admin's). */
const JOURNEY_SCOPES = ['GET:ping', 'GET:tokens', 'GET;POST:preferences', ':subscriptions*', ':feed', ':playlists*', ':history*', 'GET:search', 'POST:watched'];

/** The channel the user subscribes to: five uploads an hour apart, the newest an hour ago. */
const CHANNEL = fakeChannel(1, 5, 'Journey channel');
/** A word only the upload made before the refresh has in its title. */
const SEARCH_WORD = 'aurora';

/** How long a refresh may take before the journey gives up (the whole file stays well under 60 s). */
const REFRESH_TIMEOUT_MS = 20_000;

/**
 * Fails the call when the app answers anything the committed spec does not describe (status, content
 * type, body): these requests go over real HTTP, past the check TestWorld adds to `app.inject`.
 */
const checkedAgainstSpec: Middleware = {
  async onResponse({ request, response }) {
    assertDescribedBySpec(
      request.method,
      new URL(request.url).pathname,
      response.status,
      response.headers.get('content-type') ?? undefined,
      await response.clone().text(),
    );
    return undefined;
  },
};

/** The SDK's client, as a user creates it, with the spec check added. */
function sdkClient(baseUrl: string, options?: TubevaultClientOptions): TubevaultClient {
  const client = createTubevaultClient(baseUrl, options);
  client.use(checkedAgainstSpec);
  return client;
}

describe('a user journey through the TypeScript SDK', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let baseUrl: string;

  const journey: {
    userId?: number;
    /** Full access: the JWT from logging in, sent as TubeArchivist clients do. */
    full?: TubevaultClient;
    /** The scoped Invidious token, sent as Invidious clients do. */
    scoped?: TubevaultClient;
    scopedSession?: string;
    /** Uploaded to the channel after subscribing; the refresh brings it in. */
    upload?: FakeVideo;
    playlistId?: string;
    indexId?: string;
  } = {};

  beforeAll(async () => {
    fake = await FakeUpstream.start([CHANNEL]);
    world = await TestWorld.create();
    // ROLE=all: this process also runs the refresh jobs.
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: fake.url, ROLE: 'all' });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await world?.close();
    await fake?.close();
  });

  it('logs in', async () => {
    const anonymous = sdkClient(baseUrl);
    const { data, response } = await anonymous.POST('/api/login/', { body: { username: ADMIN.username, password: ADMIN.password } });
    expect(response.status).toBe(200);
    expect(data!.token).toEqual(expect.any(String));
    journey.userId = data!.user_id;
    journey.full = sdkClient(baseUrl, { token: data!.token, tokenScheme: 'Token' });
  });

  it('pings with the login token', async () => {
    const { data, response } = await journey.full!.GET('/api/ping/');
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ response: 'pong', user: journey.userId });
  });

  it('mints a scoped token and acts with it', async () => {
    const { data: minted, response } = await journey.full!.POST('/api/v1/auth/tokens/register', { body: { scopes: JOURNEY_SCOPES, expire: 3600 } });
    expect(response.status).toBe(200);
    expect(minted!.scopes).toEqual(JOURNEY_SCOPES);
    journey.scopedSession = minted!.session;
    journey.scoped = sdkClient(baseUrl, { token: JSON.stringify(minted), tokenScheme: 'Bearer' });

    const ping = await journey.scoped.GET('/api/ping/');
    expect(ping.data).toMatchObject({ response: 'pong', user: journey.userId });
  });

  it('is refused what the scoped token does not cover', async () => {
    const { error, response } = await journey.scoped!.GET('/api/users/');
    expect(response.status).toBe(403);
    expect(error).toEqual({ detail: expect.any(String) });
  });

  it('lists its tokens with the scoped token', async () => {
    const { data, response } = await journey.scoped!.GET('/api/v1/auth/tokens');
    expect(response.status).toBe(200);
    expect(data).toContainEqual(expect.objectContaining({ session: journey.scopedSession, scopes: JOURNEY_SCOPES }));
  });

  it('reads and changes preferences', async () => {
    const before = await journey.scoped!.GET('/api/v1/auth/preferences');
    expect(before.response.status).toBe(200);
    expect(before.data).toMatchObject({ speed: 1, volume: 100 });

    const update = await journey.scoped!.POST('/api/v1/auth/preferences', { body: { speed: 2, volume: 10 } });
    expect(update.response.status).toBe(204);

    const after = await journey.scoped!.GET('/api/v1/auth/preferences');
    expect(after.data).toEqual({ ...before.data, speed: 2, volume: 10 });
  });

  it('subscribes to a channel', async () => {
    const { response } = await journey.scoped!.POST('/api/v1/auth/subscriptions/{ucid}', { params: { path: { ucid: CHANNEL.id } } });
    expect(response.status).toBe(204);

    const { data } = await journey.scoped!.GET('/api/v1/auth/subscriptions');
    expect(data).toEqual([{ author: CHANNEL.name, authorId: CHANNEL.id }]);
  });

  it('refreshes the channel with the admin login token, and waits for the queue to empty', async () => {
    // The channel uploads after the subscription; the refresh brings it into the catalog.
    journey.upload = fake.addUpload(CHANNEL.id, 'Aurora over the fjord');
    const body = { channel: [CHANNEL.id] };

    // Refreshing is an admin's: the scoped token (no POST:refresh) may not.
    const refused = await journey.scoped!.POST('/api/refresh/', { body });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toEqual({ detail: expect.any(String) });

    const { data, response } = await journey.full!.POST('/api/refresh/', { body });
    expect(response.status).toBe(200);
    expect(data).toEqual(body);

    const deadline = Date.now() + REFRESH_TIMEOUT_MS;
    for (;;) {
      const { data: status } = await journey.full!.GET('/api/refresh/');
      if (status!.total_queued === 0) {
        expect(status).toEqual({ total_queued: 0, type: 'all', state: 'empty', counts: expect.objectContaining({ failed: 0 }) });
        // The channel's job, at least, is among the queue's completed jobs.
        expect(status!.counts.done).toBeGreaterThan(0);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the refresh queue did not empty within ${REFRESH_TIMEOUT_MS} ms: ${JSON.stringify(status)}`);
      await sleep(100);
    }
    const item = await journey.full!.GET('/api/refresh/', { params: { query: { type: 'channel', id: CHANNEL.id } } });
    expect(item.data).toEqual({ total_queued: 0, type: 'channel', state: false, id: CHANNEL.id, counts: expect.objectContaining({ failed: 0 }) });
  });

  it("reads the feed: the channel's videos, newest first, the fresh upload on top", async () => {
    const { data, response } = await journey.scoped!.GET('/api/v1/auth/feed', { params: { query: { max_results: 10 } } });
    expect(response.status).toBe(200);
    // Published before the subscription (a minute ago): a video, not a notification.
    expect(data!.notifications).toEqual([]);
    // addUpload put the upload first in the fixture's newest-first list.
    expect(CHANNEL.videos[0]).toBe(journey.upload);
    expect(data!.videos.map((v) => v.videoId)).toEqual(CHANNEL.videos.map((v) => v.id));
    expect(data!.videos.map((v) => v.published)).toEqual(CHANNEL.videos.map((v) => v.published));
    for (const video of data!.videos) expect(video).toMatchObject({ author: CHANNEL.name, authorId: CHANNEL.id });
    expect(data!.videos[0]).toMatchObject({ title: journey.upload!.title, lengthSeconds: journey.upload!.lengthSeconds });
  });

  it('builds a playlist with the fresh upload', async () => {
    const created = await journey.scoped!.POST('/api/v1/auth/playlists', { body: { title: 'Journey mix', privacy: 'private' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ title: 'Journey mix', playlistId: expect.stringMatching(/^IVPL[A-Za-z0-9_-]{31}$/) });
    journey.playlistId = created.data!.playlistId;
    expect(created.response.headers.get('location')).toContain(`/api/v1/auth/playlists/${journey.playlistId}`);

    const upload = journey.upload!;
    const added = await journey.scoped!.POST('/api/v1/auth/playlists/{id}/videos', {
      params: { path: { id: journey.playlistId } },
      body: { videoId: upload.id },
    });
    expect(added.response.status).toBe(201);
    expect(added.data).toMatchObject({ type: 'video', videoId: upload.id, title: upload.title, author: CHANNEL.name, authorId: CHANNEL.id, index: 0 });
    expect(added.data!.indexId).toMatch(/^[0-9A-F]{1,16}$/);
    journey.indexId = added.data!.indexId;

    const { data } = await journey.scoped!.GET('/api/v1/auth/playlists/{id}', { params: { path: { id: journey.playlistId } } });
    // The answer is the union of a user's and an upstream playlist: `type` tells them apart.
    if (data?.type !== 'invidiousPlaylist') throw new Error(`expected a user's playlist, got ${JSON.stringify(data)}`);
    expect(data).toMatchObject({ playlistId: journey.playlistId, title: 'Journey mix', author: ADMIN.username, isListed: false, videoCount: 1 });
    expect(data.videos).toEqual([expect.objectContaining({ videoId: upload.id, indexId: journey.indexId, index: 0 })]);
  });

  it('searches the catalog by a title word', async () => {
    const { data, response } = await journey.scoped!.GET('/api/search/', { params: { query: { query: SEARCH_WORD } } });
    expect(response.status).toBe(200);
    expect(data!.queryType).toBe('simple');
    expect(data!.results.video_results.map((v) => v.youtube_id)).toEqual([journey.upload!.id]);
    const [hit] = data!.results.video_results;
    expect(hit).toMatchObject({ title: journey.upload!.title, channel: { channel_id: CHANNEL.id, channel_name: CHANNEL.name, channel_subscribed: true } });
    expect(hit.player.watched).toBe(false);
  });

  it('marks the video watched, and finds it in the history', async () => {
    const upload = journey.upload!;
    const { data, response } = await journey.scoped!.POST('/api/watched/', { body: { id: upload.id, is_watched: true } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ message: 'success' });

    const history = await journey.scoped!.GET('/api/v1/auth/history');
    expect(history.response.status).toBe(200);
    expect(history.data).toEqual([upload.id]);

    const search = await journey.scoped!.GET('/api/search/', { params: { query: { query: SEARCH_WORD } } });
    expect(search.data!.results.video_results[0].player).toMatchObject({ watched: true, watched_date: expect.any(Number) });
  });
});
