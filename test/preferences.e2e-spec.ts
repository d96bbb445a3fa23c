import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError } from '../src/platform/config/config.js';
import { TestWorld } from './support/test-app.js';
import { createUser } from './support/users.js';

const ADMIN = { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'correct horse' };
const PREFERENCES = '/api/v1/auth/preferences';

/** docs/dialects/invidious.md#preferences: every key with its built-in default; default_playlist is null, so omitted. */
const SPEC_DEFAULTS = {
  annotations: false,
  annotations_subscribed: false,
  autoplay: false,
  automatic_instance_redirect: false,
  continue: false,
  latest_only: false,
  listen: false,
  local: false,
  notifications_only: false,
  thin_mode: false,
  unseen_only: false,
  video_loop: false,
  extend_desc: false,
  save_player_pos: false,
  search_privacy: false,
  preload: true,
  continue_autoplay: true,
  watch_history: true,
  vr_mode: true,
  show_nick: true,
  related_videos: true,
  captions: ['', '', ''],
  comments: ['youtube', ''],
  dark_mode: '',
  locale: 'en-US',
  region: 'US',
  max_results: 40,
  player_style: 'invidious',
  quality: 'dash',
  quality_dash: 'auto',
  default_home: 'Popular',
  feed_menu: ['Popular', 'Trending', 'Subscriptions', 'Playlists'],
  sort: 'published',
  speed: 1.0,
  volume: 100,
};

describe('preferences (docs/dialects/invidious.md#preferences)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;

  const login = async (target: NestFastifyApplication, username: string, password: string): Promise<string> => {
    const res = await target.inject({ method: 'POST', url: '/api/login/', payload: { username, password } });
    expect(res.statusCode).toBe(200);
    return res.json().token as string;
  };

  /** A fresh user's full-access bearer header. */
  const newUser = async (target = app): Promise<{ authorization: string; userId: number }> => {
    const user = await createUser(target, { password: 'battery staple' });
    return { authorization: user.authorization, userId: user.id };
  };

  const get = async (authorization: string, target = app, url = PREFERENCES) => {
    const res = await target.inject({ method: 'GET', url, headers: { authorization } });
    expect(res.statusCode).toBe(200);
    return res.json() as Record<string, unknown>;
  };

  const post = (authorization: string, payload: unknown, url = PREFERENCES) =>
    app.inject({ method: 'POST', url, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp(ADMIN);
  });
  afterAll(() => world.close());

  it('gives a new user every key of the spec with its default, nulls omitted', async () => {
    const { authorization } = await newUser();
    const res = await app.inject({ method: 'GET', url: PREFERENCES, headers: { authorization } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual(SPEC_DEFAULTS);
  });

  it('merges a patch: sent keys change, every other key keeps its value', async () => {
    const { authorization } = await newUser();
    const first = await post(authorization, { speed: 2.0, volume: 10 });
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    expect(await get(authorization)).toEqual({ ...SPEC_DEFAULTS, speed: 2, volume: 10 });

    expect((await post(authorization, { dark_mode: true, captions: 'en', region: null })).statusCode).toBe(204);
    const { region: _omitted, ...withoutRegion } = SPEC_DEFAULTS;
    expect(await get(authorization)).toEqual({ ...withoutRegion, speed: 2, volume: 10, dark_mode: 'dark', captions: ['en', '', ''] });
  });

  it('refuses a bad value with 400 naming the key, and writes nothing', async () => {
    const { authorization } = await newUser();
    await post(authorization, { volume: 10 });
    const res = await post(authorization, { volume: 'loud', speed: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Invalid value for "volume": expected an integer 0–100' });
    expect(await get(authorization)).toEqual({ ...SPEC_DEFAULTS, volume: 10 });
  });

  it('refuses unknown keys with 400 naming them', async () => {
    const { authorization } = await newUser();
    const res = await post(authorization, { nope: 1, volume: 5 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Unknown preference keys: nope' });
    expect(await get(authorization)).toEqual(SPEC_DEFAULTS);
  });

  it('names every offender in one message', async () => {
    const { authorization } = await newUser();
    const res = await post(authorization, { volume: -1, speed: 'fast', foo: 1, bar: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Unknown preference keys: foo, bar; Invalid value for "volume": expected an integer 0–100; Invalid value for "speed": expected a number 0.25–4.0',
    });
  });

  it('treats {} as a no-op: 204, nothing stored', async () => {
    const { authorization, userId } = await newUser();
    const res = await post(authorization, {});
    expect(res.statusCode).toBe(204);
    expect(await get(authorization)).toEqual(SPEC_DEFAULTS);
    const rows = await world.db().query('SELECT 1 FROM preferences WHERE user_id = $1', [userId]);
    expect(rows.rowCount).toBe(0);
  });

  it('answers malformed JSON, a missing body and a non-object with 400 {"error"}', async () => {
    const { authorization } = await newUser();
    const headers = { authorization, 'content-type': 'application/json' };
    const malformed = await app.inject({ method: 'POST', url: PREFERENCES, headers, payload: '{"volume":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatch(/^Malformed JSON body: /);

    for (const payload of [undefined, '[]', '"volume"', 'null']) {
      const res = await app.inject({ method: 'POST', url: PREFERENCES, headers, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'Send a JSON object of preferences, e.g. {"volume": 50}' });
    }
    const bare = await app.inject({ method: 'POST', url: PREFERENCES, headers: { authorization } });
    expect(bare.statusCode).toBe(400);
    expect(bare.json()).toEqual({ error: 'Send a JSON object of preferences, e.g. {"volume": 50}' });
    expect(await get(authorization)).toEqual(SPEC_DEFAULTS);
  });

  it('keeps both of two concurrent patches of different keys', async () => {
    const { authorization } = await newUser();
    const patches = [{ volume: 1 }, { speed: 0.5 }, { max_results: 7 }, { autoplay: true }, { quality: 'small' }];
    const results = await Promise.all(patches.map((patch) => post(authorization, patch)));
    expect(results.map((r) => r.statusCode)).toEqual(patches.map(() => 204));
    expect(await get(authorization)).toEqual({ ...SPEC_DEFAULTS, ...Object.assign({}, ...patches) });
  });

  it("leaves other users' preferences untouched", async () => {
    const alice = await newUser();
    const bob = await newUser();
    await post(bob.authorization, { volume: 33 });
    expect((await post(alice.authorization, { volume: 77, sort: 'alphabetically' })).statusCode).toBe(204);
    expect(await get(bob.authorization)).toEqual({ ...SPEC_DEFAULTS, volume: 33 });
    expect(await get(alice.authorization)).toEqual({ ...SPEC_DEFAULTS, volume: 77, sort: 'alphabetically' });
  });

  it('answers with and without the trailing slash', async () => {
    const { authorization } = await newUser();
    expect((await post(authorization, { volume: 20 }, `${PREFERENCES}/`)).statusCode).toBe(204);
    expect((await get(authorization, app, `${PREFERENCES}/`)).volume).toBe(20);
    expect((await get(authorization, app, PREFERENCES)).volume).toBe(20);
  });

  it('needs credentials', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await app.inject({
        method,
        url: PREFERENCES,
        headers: { 'content-type': 'application/json' },
        payload: method === 'POST' ? '{}' : undefined,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'Request must be authenticated' });
    }
  });

  describe('with a token scoped to GET:preferences', () => {
    let token: string;

    beforeAll(async () => {
      const bearer = await login(app, ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens/register',
        headers: { authorization: `Bearer ${bearer}` },
        payload: { scopes: ['GET:preferences'] },
      });
      expect(res.statusCode).toBe(200);
      token = res.body;
    });

    it.each([
      ['raw', (t: string) => t],
      ['percent-encoded', (t: string) => encodeURIComponent(t)],
    ])('reads with the %s token but may not write', async (_form, encode) => {
      const authorization = `Bearer ${encode(token)}`;
      expect(await get(authorization)).toMatchObject({ volume: 100 });
      const res = await post(authorization, { volume: 1 });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'Invalid scope' });
    });
  });

  describe('DEFAULT_PREFERENCES', () => {
    it('overrides the built-in defaults, and what a user set still wins', async () => {
      const custom = await world.startApp({ ...ADMIN, DEFAULT_PREFERENCES: '{"volume":50,"dark_mode":true,"region":null}' });
      const fresh = await newUser(custom);
      const { region: _omitted, ...withoutRegion } = SPEC_DEFAULTS;
      expect(await get(fresh.authorization, custom)).toEqual({ ...withoutRegion, volume: 50, dark_mode: 'dark' });

      const veteran = await newUser(custom);
      const res = await custom.inject({ method: 'POST', url: PREFERENCES, headers: { authorization: veteran.authorization }, payload: { volume: 5 } });
      expect(res.statusCode).toBe(204);
      expect((await get(veteran.authorization, custom)).volume).toBe(5);
    });

    it('refuses to start with an invalid value', async () => {
      await expect(world.startApp({ ...ADMIN, DEFAULT_PREFERENCES: '{"volume":"loud"}' })).rejects.toThrow(ConfigError);
      await expect(world.startApp({ ...ADMIN, DEFAULT_PREFERENCES: '{"volume":' })).rejects.toThrow(/DEFAULT_PREFERENCES=.*not valid JSON/);
    });
  });

  it('documents both operations, every key and the error responses', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const path = spec.paths['/api/v1/auth/preferences'];
    expect(path.get.operationId).toBe('getPreferences');
    expect(path.post.operationId).toBe('updatePreferences');
    expect(path.get.tags).toEqual(['preferences']);
    expect(Object.keys(path.post.responses).sort()).toEqual(['204', '400', '403', '413', '415']);
    expect(path.post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/PreferencesPatchDto');
    const { PreferencesDto, PreferencesPatchDto } = spec.components.schemas;
    const documented = Object.keys(PreferencesDto.properties).sort();
    expect(documented).toEqual([...Object.keys(SPEC_DEFAULTS), 'default_playlist'].sort());
    expect(Object.keys(PreferencesPatchDto.properties).sort()).toEqual(documented);
    expect(PreferencesPatchDto.required ?? []).toEqual([]);
    expect(PreferencesDto.properties.volume).toMatchObject({ type: 'integer', minimum: 0, maximum: 100, default: 100 });
  });
});
