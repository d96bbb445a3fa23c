import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as fc from 'fast-check';
import { grants, normaliseScopePath } from '../src/identity/scopes/scope.js';
import { ADMIN_ENV, bearer, loginToken, mintToken } from './support/auth.js';
import { TestWorld } from './support/test-app.js';

/** Side-effect-free requests on real routes of both dialects, in raw (still-encoded) form. */
const REQUESTS: { method: 'GET' | 'HEAD' | 'POST'; base: string; rest: string; body?: object }[] = [
  { method: 'GET', base: '/api/v1/auth/', rest: 'preferences' },
  { method: 'GET', base: '/api/v1/auth/', rest: 'preferences/' },
  { method: 'HEAD', base: '/api/v1/auth/', rest: 'preferences' },
  { method: 'GET', base: '/api/v1/auth/', rest: '%70references' },
  { method: 'POST', base: '/api/v1/auth/', rest: 'preferences', body: {} },
  { method: 'GET', base: '/api/v1/auth/', rest: 'tokens' },
  { method: 'GET', base: '/api/v1/auth/', rest: 'tokens?x=/feed' },
  { method: 'GET', base: '/api/', rest: 'ping/' },
  { method: 'GET', base: '/api/', rest: 'ping' },
];

const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get');
const endpoint = fc.constantFrom('', 'p', 'pref', 'preferences', 'Preferences', 'preferences/', 'tokens', 'tok', 'ping', 'pin', 'feed');
const scope = fc
  .tuple(fc.uniqueArray(method, { maxLength: 2 }), endpoint, fc.boolean())
  .map(([methods, ep, prefix]) => `${methods.join(';')}:${ep}${prefix ? '*' : ''}`);

describe('the global guard decides exactly as the scope grammar on the normalised path', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let admin: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN_ENV);
    admin = await loginToken(app);
  });
  afterAll(() => world.close());

  it('for random scope sets and requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(scope, { minLength: 1, maxLength: 4 }),
        fc.subarray(REQUESTS, { minLength: 1, maxLength: 4 }),
        async (scopes, requests) => {
          const token = await mintToken(app, admin, scopes);
          for (const request of requests) {
            const res = await app.inject({
              method: request.method,
              url: request.base + request.rest,
              headers: bearer(token),
              ...(request.body ? { payload: request.body } : {}),
            });
            const expected = grants(scopes, request.method, normaliseScopePath(request.rest));
            const refused = res.statusCode === 403;
            if (refused !== !expected) {
              throw new Error(`${scopes.join(' ')} → ${request.method} ${request.base}${request.rest}: status ${res.statusCode}, grammar says ${expected}`);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
