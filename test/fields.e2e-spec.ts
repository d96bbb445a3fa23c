import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { seedCatalog, seedUser, type FixtureUser } from './support/library-fixture.js';
import { exampleOf, fillPath, operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `fields` on every Invidious GET that answers JSON (docs/dialects/invidious.md#fields-parameter),
 * walked from the served document: each operation once whole, once with `fields` naming one of
 * its top-level keys, once with a malformed value.
 */
describe('the fields parameter on every Invidious GET that answers JSON', () => {
  let fake: FakeUpstream;
  let world: TestWorld;
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;
  let user: FixtureUser;
  let operations: SpecOperation[];
  const upstream = fakeChannel(7, 3, 'Music Hall');

  beforeAll(async () => {
    fake = await FakeUpstream.start([upstream]);
    world = await TestWorld.create();
    app = await world.startApp({ ROLE: 'api', UPSTREAM_URL: fake.url });
    fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await seedCatalog(world.db(), 2, 3);
    user = await seedUser(app, 'reader', false, 1);
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json;
    const paths = document.paths as Record<string, Record<string, { responses: Record<string, { content?: Json }> }>>;
    operations = operationsOf(document).filter(
      (op) => op.method === 'GET' && op.template.startsWith('/api/v1/') && paths[op.template].get.responses['200']?.content?.['application/json'] !== undefined,
    );
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  /** A URL with an answer to filter: the user's public playlist, a subscribed channel, a video the upstream knows. */
  function urlOf(op: SpecOperation, fields?: string): string {
    const values: Record<string, string> = {};
    for (const param of op.parameters.filter((p) => p.in === 'path')) {
      if (param.name === 'ucid') values.ucid = user.channel;
      else if (op.template.includes('/playlists/')) values[param.name] = user.publicPlaylist;
      else if (param.name === 'id') values.id = upstream.videos[0].id;
      else values[param.name] = encodeURIComponent(String(exampleOf(param.schema)));
    }
    const query = new URLSearchParams();
    for (const param of op.parameters.filter((p) => p.in === 'query' && p.required)) query.set(param.name, String(exampleOf(param.schema)));
    if (fields !== undefined) query.set('fields', fields);
    const path = fillPath(op.template, values);
    return query.size ? `${path}?${query}` : path;
  }

  it('walks them all: one named top-level key is all that remains, of the object or of each element', async () => {
    expect(operations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'getVideo',
        'getChannel',
        'getChannelVideos',
        'getPublicPlaylist',
        'getPopular',
        'invidiousSearch',
        'getTrending',
        'getComments',
        'getInstanceStats',
        'getFeed',
        'getHistory',
        'listPlaylists',
        'getPreferences',
        'listSubscriptions',
        'listTokens',
      ]),
    );
    expect(operations.map((op) => op.operationId)).not.toContain('getNotifications');
    const problems: string[] = [];
    let filtered = 0;
    for (const op of operations) {
      const whole = await app.inject({ method: 'GET', url: urlOf(op), headers: user.headers });
      if (whole.statusCode !== 200 || !String(whole.headers['content-type']).startsWith('application/json')) {
        problems.push(`${op.operationId}: ${whole.statusCode} ${whole.body.slice(0, 100)}`);
        continue;
      }
      const answer = whole.json() as unknown;
      const sample = Array.isArray(answer) ? answer.find(isObject) : answer;
      if (!isObject(sample)) {
        // An array of ids (the history): nothing to select from, it comes back as it was.
        const same = await fastify.inject({ method: 'GET', url: urlOf(op, 'title'), headers: user.headers });
        if (JSON.stringify(same.json()) !== JSON.stringify(answer)) problems.push(`${op.operationId}: scalars changed by fields`);
        if (!Array.isArray(answer) || !answer.length) problems.push(`${op.operationId}: no answer to select from`);
        continue;
      }
      const keys = Object.keys(sample);
      const key = keys.at(-1)!;
      // Fastify's inject, not the spec-checking one: a selection leaves out keys the schema requires.
      const res = await fastify.inject({ method: 'GET', url: urlOf(op, key), headers: user.headers });
      if (res.statusCode !== 200) {
        problems.push(`${op.operationId} fields=${key}: ${res.statusCode} ${res.body.slice(0, 100)}`);
        continue;
      }
      const selected = res.json() as unknown;
      const items = Array.isArray(answer) ? (selected as unknown[]) : [selected];
      if (Array.isArray(answer) !== Array.isArray(selected) || items.length !== (Array.isArray(answer) ? answer.length : 1))
        problems.push(`${op.operationId} fields=${key}: shape changed`);
      for (const item of items) {
        if (isObject(item) && JSON.stringify(Object.keys(item)) !== JSON.stringify(key in item ? [key] : []))
          problems.push(`${op.operationId} fields=${key}: kept ${Object.keys(item).join(',')}`);
      }
      if (keys.length > 1) filtered++;
    }
    expect(problems).toEqual([]);
    expect(filtered).toBeGreaterThan(operations.length / 2);
  });

  it('answers a malformed value with a 400 naming the problem, on every one of them', async () => {
    const problems: string[] = [];
    for (const op of operations) {
      for (const [fields, reason] of [
        ['title)', 'unbalanced brackets: ")" at character 6 has no matching "("'],
        ['videoThumbnails(url', 'unbalanced brackets: "(" at character 16 is never closed'],
        ['', 'empty value; name at least one key, e.g. fields=videoId,title'],
        ['a,,b', 'empty key at character 3 (before ",")'],
      ]) {
        const res = await app.inject({ method: 'GET', url: urlOf(op, fields), headers: user.headers });
        if (res.statusCode !== 400 || res.json().error !== `Invalid fields parameter: ${reason}`)
          problems.push(`${op.operationId} fields=${fields}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
    const twice = await app.inject({ method: 'GET', url: '/api/v1/popular?fields=title&fields=videoId' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toEqual({ error: 'Invalid fields parameter: give it once, e.g. fields=videoId,title' });
  });

  it('selects inside nested objects and arrays, and leaves the route to check its own parameters', async () => {
    const video = upstream.videos[0].id;
    const res = await fastify.inject({ method: 'GET', url: `/api/v1/videos/${video}?fields=videoId,videoThumbnails(quality)` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['videoId', 'videoThumbnails']);
    expect(body.videoThumbnails.length).toBeGreaterThan(0);
    for (const thumbnail of body.videoThumbnails) expect(Object.keys(thumbnail)).toEqual(['quality']);
    // `fields` is not one of search's own parameters (which refuse unknown ones), yet is taken; the rest are still checked.
    const search = await fastify.inject({ method: 'GET', url: '/api/v1/search?q=music&fields=type' });
    expect(search.statusCode).toBe(200);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/search?q=music&fields=type&sort_by=loudest' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/sort_by must be one of/);
    // A credential is checked before the fields parameter.
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/auth/feed?fields=(' });
    expect(anonymous.statusCode).toBe(403);
  });
});
