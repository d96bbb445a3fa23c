import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CatalogWriter } from '../src/catalog/media/catalog-writer.service.js';
import { ADMIN_ENV, bearer, mintToken } from './support/auth.js';
import { LibraryClient } from './support/library-client.js';
import { TestWorld } from './support/test-app.js';

const CHANNEL = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const VIDEO = 'dQw4w9WgXcQ';

interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to /api/v1/auth/: also the scope's endpoint. */
  path: string;
  json?: unknown;
  status: 200 | 204;
}

/** Every route of subscriptions, feed, history and import/export, with a request that succeeds. */
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: 'subscriptions', status: 200 },
  { method: 'POST', path: `subscriptions/${CHANNEL}`, status: 204 },
  { method: 'DELETE', path: `subscriptions/${CHANNEL}`, status: 204 },
  { method: 'GET', path: 'feed', status: 200 },
  { method: 'GET', path: 'history', status: 200 },
  { method: 'POST', path: `history/${VIDEO}`, status: 204 },
  { method: 'DELETE', path: `history/${VIDEO}`, status: 204 },
  { method: 'DELETE', path: 'history', status: 204 },
  { method: 'GET', path: 'export/invidious', status: 200 },
  { method: 'POST', path: 'import/invidious', json: {}, status: 204 },
  { method: 'POST', path: 'import/subscriptions', json: { content: 'Channel Id,Channel Url,Channel Title\n' }, status: 204 },
];
const scopeOf = (e: Endpoint) => `${e.method}:${e.path}`;
const name = (e: Endpoint) => `${e.method} ${e.path}`;

describe('library routes: scopes and trailing slashes', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let user: LibraryClient;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    user = await LibraryClient.newUser(app);
    // In the catalog, so subscribing needs no upstream.
    await app.get(CatalogWriter).saveChannel({
      id: CHANNEL,
      name: 'Rick Astley',
      description: null,
      thumbnails: null,
      banners: null,
      subscriberCount: null,
      totalViews: null,
      joined: null,
    });
  });
  afterAll(() => world.close());

  const call = (client: LibraryClient, e: Endpoint, suffix = '') =>
    client.request(e.method, `/api/v1/auth/${e.path}${suffix}`, e.json === undefined ? {} : { json: e.json });

  it.each(ENDPOINTS.map((e) => [name(e), e] as const))('%s: 403 without its scope, allowed with exactly it', async (_, endpoint) => {
    const token = (scopes: string[]) => mintToken(app, user.authorization.slice('Bearer '.length), scopes);
    const others = ENDPOINTS.filter((e) => e !== endpoint).map(scopeOf);
    const refused = await call(user.as(bearer(await token(others)).authorization), endpoint);
    expect([refused.statusCode, refused.json()]).toEqual([403, { error: 'Invalid scope' }]);
    const allowed = await call(user.as(bearer(await token([scopeOf(endpoint)])).authorization), endpoint);
    expect(allowed.statusCode).toBe(endpoint.status);
  });

  it.each(ENDPOINTS.map((e) => [name(e), e] as const))('%s: answers with and without a trailing slash', async (_, endpoint) => {
    const plain = await call(user, endpoint);
    const slashed = await call(user, endpoint, '/');
    expect([plain.statusCode, slashed.statusCode]).toEqual([endpoint.status, endpoint.status]);
    expect(slashed.headers.location).toBeUndefined();
    if (endpoint.status === 200) expect(slashed.json()).toEqual(plain.json());
  });

  it.each(ENDPOINTS.filter((e) => e.method === 'GET').map((e) => [name(e), e] as const))('HEAD %s answers like GET without a body', async (_, endpoint) => {
    const res = await user.request('HEAD', `/api/v1/auth/${endpoint.path}`);
    expect([res.statusCode, res.body]).toEqual([200, '']);
  });

  it('answers 403 without credentials', async () => {
    for (const e of ENDPOINTS) {
      const res = await app.inject({ method: e.method, url: `/api/v1/auth/${e.path}` });
      expect([name(e), res.statusCode, res.json()]).toEqual([name(e), 403, { error: 'Request must be authenticated' }]);
    }
  });
});
