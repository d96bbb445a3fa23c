import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTubevaultClient, type TubevaultClient } from '../sdk/index.js';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

/**
 * A user's journey through the generated SDK (sdk/), against the real app on a real loopback port:
 * what a client author gets from `npm run sdk`. Each step is one `it`, in order, and builds on the
 * state the previous ones left in `journey`; later features add their steps at the end.
 */

/** What the scoped token may do: exactly what the steps after minting it need. */
const JOURNEY_SCOPES = ['GET:ping', 'GET:tokens', 'GET;POST:preferences'];

describe('a user journey through the TypeScript SDK', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let baseUrl: string;

  const journey: {
    userId?: number;
    /** Full access: the JWT from logging in, sent as TubeArchivist clients do. */
    full?: TubevaultClient;
    /** The scoped Invidious token, sent as Invidious clients do. */
    scoped?: TubevaultClient;
    scopedSession?: string;
  } = {};

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => world.close());

  it('logs in', async () => {
    const anonymous = createTubevaultClient(baseUrl);
    const { data, response } = await anonymous.POST('/api/login/', { body: { username: ADMIN.username, password: ADMIN.password } });
    expect(response.status).toBe(200);
    expect(data!.token).toEqual(expect.any(String));
    journey.userId = data!.user_id;
    journey.full = createTubevaultClient(baseUrl, { token: data!.token, tokenScheme: 'Token' });
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
    journey.scoped = createTubevaultClient(baseUrl, { token: JSON.stringify(minted), tokenScheme: 'Bearer' });

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

  // Next steps, once their endpoints exist: subscribe to a channel, refresh it, read the feed,
  // build a playlist, search, mark a video watched.
});
