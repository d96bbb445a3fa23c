import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ENV } from './support/auth.js';
import { browserLogin } from './support/browser-session.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { seedCatalog, seedUser } from './support/library-fixture.js';
import { operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { urlOfOperation } from './support/route-walk.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

jest.setTimeout(300_000);

/** A body sent where none is taken; `none` is the request as the route expects it. */
interface Variant {
  name: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const VARIANTS: Variant[] = [
  { name: 'no body', headers: {} },
  { name: 'text/plain body', headers: { 'content-type': 'text/plain' }, payload: 'hello' },
  { name: 'application/octet-stream body', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([0, 1, 2, 0xff, 0xfe]) },
  { name: 'malformed application/json body', headers: { 'content-type': 'application/json' }, payload: '{"a": ' },
];

/**
 * Every operation without a request body in the committed document, walked once per variant, each
 * walk in a world of its own seeded alike: the walks run the same requests in the same order (some
 * of them delete things), so with bodies ignored every answer's status is the body-less one's.
 */
describe('a body on a route that takes none is ignored (docs/dialects/invidious.md#request-bodies)', () => {
  let fake: FakeUpstream;
  let operations: SpecOperation[] = [];

  beforeAll(async () => {
    fake = await FakeUpstream.start([fakeChannel(1, 3)]);
  });
  afterAll(async () => {
    await fake.close();
  });

  /**
   * `METHOD url → status` of every body-less operation (GETs also with HEAD), in one fresh world.
   * `withReads: false` leaves out GET and HEAD, whose bodies Fastify never reads (one variant walks
   * them all the same).
   */
  async function walk(variant: Variant, withReads = true): Promise<string[]> {
    const world = await TestWorld.create();
    try {
      const app: NestFastifyApplication = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url, YOUTUBE_URL: fake.url });
      const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
      await seedCatalog(world.db(), 2, 3);
      const admin = await seedUser(app, 'root', true, 1);
      const sid = await browserLogin(app, admin.username, admin.password);
      // DELETE /api/users/{id} removes another account, not the one the walk signs in with.
      const other = await createUser(app, { username: 'other', login: false });
      if (!operations.length) {
        operations = operationsOf((await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json).filter((op) => !op.body);
      }
      const statuses: string[] = [];
      for (const op of operations.filter((candidate) => withReads || candidate.method !== 'GET')) {
        const url = urlOfOperation(op, { ...admin, id: other.id });
        const headers = { ...admin.headers, cookie: sid, ...variant.headers };
        for (const method of op.method === 'GET' ? ['GET', 'HEAD'] : [op.method]) {
          const options = { method: method as 'GET', url, headers, ...(variant.payload === undefined ? {} : { payload: variant.payload }) };
          let status: number;
          if (op.produces.includes('text/event-stream')) {
            // An endless stream: its status comes with the headers; then hang up.
            const res = await fastify.inject({ ...options, payloadAsStream: true });
            status = res.statusCode;
            res.stream().destroy();
          } else {
            status = (await app.inject(options)).statusCode;
          }
          statuses.push(`${method} ${op.template} → ${status}`);
        }
      }
      return statuses;
    } finally {
      await world.close();
    }
  }

  it('walks every operation without a requestBody: with a text/plain, an octet-stream or a malformed JSON body, the status is the one without', async () => {
    const expected = await walk(VARIANTS[0]);
    expect(operations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['markWatched', 'subscribe', 'unsubscribe', 'clearHistory', 'deletePlaylist', 'validateCookie', 'revokeCookie', 'deleteUser']),
    );
    // The routes that change something did so: the walk compares answers, not refusals.
    expect(expected).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/history/{id} → 204',
        'POST /api/v1/auth/subscriptions/{ucid} → 204',
        'DELETE /api/v1/auth/playlists/{id} → 204',
        'DELETE /api/users/{id}/ → 204',
        'GET /api/v1/auth/feed → 200',
      ]),
    );
    const writes = expected.filter((line) => !/^(GET|HEAD) /.test(line));
    for (const variant of VARIANTS.slice(1)) {
      // The malformed JSON body walks every route; the others the routes that are not reads.
      const withReads = variant === VARIANTS[VARIANTS.length - 1];
      const got = await walk(variant, withReads);
      expect({ variant: variant.name, statuses: got }).toEqual({ variant: variant.name, statuses: withReads ? expected : writes });
    }
  });

  it('keeps refusing unsupported, malformed and oversized bodies on routes that take one, and ignores an oversized one elsewhere', async () => {
    const world = await TestWorld.create();
    try {
      const app = await world.startApp({ ROLE: 'api' });
      await seedCatalog(world.db(), 1, 1);
      const admin = await seedUser(app, 'root', true, 1);
      const plain = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/playlists',
        headers: { ...admin.headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(plain.statusCode).toBe(415);
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/playlists',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: '{"a": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toMatch(/not valid JSON/);
      // While a route that takes none does not even read it: no 413 for 2 MiB.
      const large = await app.inject({
        method: 'POST',
        url: `/api/v1/auth/history/${admin.video}`,
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: `[${'1,'.repeat(1024 * 1024)}1]`,
      });
      expect(large.statusCode).toBe(204);
    } finally {
      await world.close();
    }
  });
});
