import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Response } from 'light-my-request';
import { grants, HTTP_METHODS, normaliseScopePath } from '../src/identity/scopes/scope.js';
import { ADMIN_ENV, bearer, loginToken } from './support/auth.js';
import { DbSnapshotter, type DbSnapshot } from './support/db-snapshot.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { seedCatalog, seedUser, type FixtureUser } from './support/library-fixture.js';
import { dialectOfPath, exampleOf, fillPath, operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { runStamp, table, writeReliabilitySection } from './support/reliability-report.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(120_000);

const INVIDIOUS_BASE = '/api/v1/auth/';
const TA_BASE = '/api/';
const MAX_SCOPES = 50;

const SCOPE_REFUSED = { invidious: { error: 'Invalid scope' }, tubearchivist: { detail: 'You do not have permission to perform this action.' } };

interface Route {
  op: SpecOperation;
  /** The request URL with real ids, e.g. `/api/v1/auth/playlists/IVPL…`. */
  url: string;
  /** Its scope base and normalised scope path, e.g. `playlists/IVPL…`. */
  base: string;
  path: string;
  /** A body the route accepts, so that a request let through would really write. */
  body?: unknown;
}

const baseOf = (template: string) => (template.startsWith(INVIDIOUS_BASE) ? INVIDIOUS_BASE : TA_BASE);
const segments = (path: string) => path.split('/');
/** Every character percent-encoded, e.g. `feed` → `%66%65%65%64`. */
const encodeAll = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const swapCase = (text: string) => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

/**
 * Scope forms that must not grant `method` on `path` although they look close: other methods,
 * other endpoints, prefixes without `*`, `*` prefixes that miss, case, encodings, dot segments,
 * doubled and trailing slashes, `%2F` inside an id, query and fragment tricks. Keyed by kind.
 */
function nearMisses(method: string, path: string, idValues: string[], others: string[]): Record<string, string[]> {
  const m = method;
  const segs = segments(path);
  const first = segs[0];
  const rest = segs.slice(1).join('/');
  const withRest = (mid: string) => (rest ? `${first}${mid}${rest}` : `${first}${mid}`);
  const prefixes = new Set<string>(['', path.slice(0, 1), path.slice(0, -1)]);
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== '/') continue;
    prefixes.add(path.slice(0, i));
    prefixes.add(path.slice(0, i + 1));
  }
  prefixes.delete(path);
  const idTricks = idValues.flatMap((id) => [
    path.replace(id, `${id.slice(0, 2)}%2F${id.slice(2)}`),
    path.replace(id, `${id.slice(0, 2)}/${id.slice(2)}`),
    path.replace(
      id,
      encodeURIComponent(id).replace(/^./, (c) => encodeAll(c)),
    ),
    path.replace(id, id.toLowerCase() === id ? id.toUpperCase() : id.toLowerCase()),
    `${path.replace(id, id.slice(0, -1) + (id.endsWith('x') ? 'y' : 'x'))}*`,
    path.replace(id, `${id}%00`),
  ]);
  const kinds: Record<string, string[]> = {
    'other methods': [`${HTTP_METHODS.filter((x) => x !== m).join(';')}:${path}`],
    'other endpoints': others,
    'prefixes without *': [...prefixes].map((p) => `${m}:${p}`),
    '* prefixes that miss': [
      `${m}:${path}/*`,
      `${m}:${path}x*`,
      `${m}:${path}?*`,
      `${m}:${path.slice(0, -1)}${path.endsWith('x') ? 'y' : 'x'}*`,
      `${m}:v1/auth/*`,
      `${m}:api/*`,
    ],
    'case variants': [
      `${m}:${path.toUpperCase()}`,
      `${m}:${swapCase(path)}`,
      `${m}:${path[0].toUpperCase()}${path.slice(1)}`,
      `${m}:${path.toUpperCase()}*`,
    ].filter((s) => s !== `${m}:${path}`),
    'URL-encoded paths': [
      `${m}:${encodeAll(first)}${rest ? `/${rest}` : ''}`,
      `${m}:${path.replaceAll('/', '%2F')}`,
      `${m}:${encodeURIComponent(path)}`,
      `${m}:${path.replace(/[a-z]/, (c) => encodeAll(c))}`,
    ],
    'dot segments and doubled slashes': [
      `${m}:${withRest('//')}`,
      `${m}:${withRest('/./')}`,
      `${m}:./${path}`,
      `${m}:x/../${path}`,
      `${m}:${first}/x/../${rest}`,
      `${m}:${path}/.`,
      `${m}:${path}/..`,
      `${m}:${path}/../${first}`,
      `${m}:${withRest('/%2e/')}`,
    ],
    'trailing slashes': [`${m}:${path}/`, `${m}:${path}//`, `${m}:${path}%2F`],
    '%2F and / inside an id': idTricks.map((p) => `${m}:${p}`),
    'query and fragment tricks': [
      `${m}:${path}?`,
      `${m}:${path}?x=1`,
      `${m}:${path}#`,
      `${m}:${path}#x`,
      `${m}:${path};x`,
      `${m}:${path}%3F`,
      `${m}:${path}%23`,
      `${m}:${first}?/${rest}`,
    ],
    'the base written into the scope': [`${m}:api/v1/auth/${path}`, `${m}:auth/${path}`, `${m}:api/${path}`, `${m}:v1/${path}`],
  };
  // A scope the strict minting form refuses belongs to the "malformed" list instead; a variant that
  // comes out as the route's own scope (e.g. upper-casing a numeric id) is no near miss.
  for (const list of Object.values(kinds)) {
    for (let i = list.length - 1; i >= 0; i--) if (/[\s\p{Cc}]/u.test(list[i]) || list[i] === `${m}:${path}`) list.splice(i, 1);
  }
  return kinds;
}

/** Scopes of a form that minting refuses (400), whatever the caller holds. */
function malformed(method: string, path: string): string[] {
  const segs = segments(path);
  const m = method;
  return [
    `${m}:*${path}`,
    `${m}:${segs[0]}*${segs.length > 1 ? `/${segs.slice(1).join('/')}` : 'x'}`,
    `${m}:${path}**`,
    `${m}:*${path}*`,
    `*:${path}`,
    `${m}*:${path}`,
    `HEAD:${path}`,
    `OPTIONS:${path}`,
    `${m};TRACE:${path}`,
    `${m}:/${path}`,
    `${m}: ${path}`,
    `${m}:${path} `,
    `${m}:${path}\u0000`,
    `${m}:${path}\n`,
    `${m}:${path}:x`,
    path,
    `${m}:${path.padEnd(201, 'x')}`,
  ];
}

/**
 * Request URLs that try to reach the route through a path the token does grant (`granted`), or
 * through a spelling of the route's own path: traversal (raw and encoded), doubled slashes, dot
 * segments, case, query and fragment tricks, `%2F` and `/` smuggled inside an id.
 */
function requestTricks(route: Route, granted: string, idValues: string[]): string[] {
  const { base } = route;
  const raw = route.url.slice(base.length);
  const tricks = [
    `${base}${granted}/../${raw}`,
    `${base}${granted}/%2e%2e/${raw}`,
    `${base}${granted}/%2E%2E%2F${raw}`,
    `${base}${granted}%2F..%2F${raw}`,
    `${base}${granted}/..%2F${raw}`,
    `${base}${granted}%5C..%5C${raw}`,
    `${base}/${raw}`,
    `${base}./${raw}`,
    `${base}${raw}/.`,
    `${base}${raw}//`,
    `${base}${raw}/`,
    `${base}${raw}?/${granted}`,
    `${base}${raw}?x=/../${granted}`,
    `${base}${raw}#/${granted}`,
    `${base}${raw}%3F/${granted}`,
    `${base}${raw};/${granted}`,
    `${base}${encodeAll(segments(raw)[0])}${raw.slice(segments(raw)[0].length)}`,
    `${base}${raw.toUpperCase()}`,
    `${base}${raw}%00`,
    `/api/v1/auth/../auth/${raw}`,
    `/api/v1//auth/${raw}`,
    `/api/v1/%61uth/${raw}`,
    `/api/%2E%2E/api/${raw}`,
    ...idValues.flatMap((id) => [
      route.url.replace(id, `${id}%2F..%2F..%2F${granted}`),
      route.url.replace(id, `${id}/../${id}`),
      route.url.replace(id, encodeAll(id)),
    ]),
  ];
  return [...new Set(tricks)];
}

describe('scope bypass: near-miss scopes and request-path tricks never reach a route (every protected operation of /openapi.json)', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let admin: FixtureUser;
  let snapshots: DbSnapshotter;
  let routes: Route[];
  let port: number;
  /** Figures for the reliability report (test/support/reliability-report.ts). */
  const figures = {
    malformed: 0,
    nearMissScopes: 0,
    nearMissRequests: 0,
    tricks: 0,
    trickStatuses: {} as Record<number, number>,
    failures: { malformed: -1, nearMiss: -1, tricks: -1 },
  };
  const verdict = (n: number) => (n === 0 ? 'all as expected' : n < 0 ? 'not run' : `${n} not as expected`);
  const started = Date.now();
  const idValuesOf = new Map<Route, string[]>();

  const mint = (scopes: string[]): Promise<Response> =>
    app.inject({ method: 'POST', url: '/api/v1/auth/tokens/register', headers: bearer(admin.jwt), payload: { scopes } });

  async function mintAll(scopes: string[]): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < scopes.length; i += MAX_SCOPES) {
      const res = await mint(scopes.slice(i, i + MAX_SCOPES));
      if (res.statusCode !== 200) throw new Error(`minting ${JSON.stringify(scopes.slice(i, i + MAX_SCOPES))}: ${res.statusCode} ${res.body}`);
      tokens.push(res.body);
    }
    return tokens;
  }

  // Always percent-encoded: the header value is form-decoded (docs/dialects/invidious.md#credentials), and near-miss
  // scopes contain `%` and `+`.
  const send = (route: Route, token: string) =>
    app.inject({
      method: route.op.method as 'GET',
      url: route.url,
      headers: { ...bearer(encodeURIComponent(token)), ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(route.body !== undefined ? { payload: JSON.stringify(route.body) } : {}),
    });

  /**
   * Over a real socket with the request target exactly as written: `inject` parses URLs with WHATWG
   * rules, which would resolve `..` and `.` before the server ever saw them.
   */
  const sendRaw = (route: Route, token: string, target: string) =>
    new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
      const body = route.body !== undefined ? JSON.stringify(route.body) : undefined;
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: route.op.method,
          path: target,
          headers: {
            ...bearer(encodeURIComponent(token)),
            ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ statusCode: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    world = await TestWorld.create();
    // ROLE=api: no job runs, so the database changes only through the requests under test.
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url, YOUTUBE_URL: fake.url });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    const db = world.db();
    snapshots = new DbSnapshotter(db);
    await seedCatalog(db, 2, 3);
    await loginToken(app);
    admin = await seedUser(app, 'owner', true, 1);
    const victim = await seedUser(app, 'victim', false, 2);

    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json;
    routes = operationsOf(document)
      .filter((op) => op.requiredScope)
      .map((op) => {
        const values: Record<string, string> = {};
        for (const param of op.parameters.filter((p) => p.in === 'path')) {
          const before = op.template.split(`{${param.name}}`)[0].split('/').filter(Boolean).at(-1) ?? '';
          if (param.name === 'index') values.index = admin.indexOf[admin.privatePlaylist];
          else if (before === 'playlists') values[param.name] = admin.privatePlaylist;
          else if (before === 'users') values[param.name] = String(victim.id);
          else if (['subscriptions', 'channel', 'channels'].includes(before)) values[param.name] = admin.channel;
          else values[param.name] = admin.video;
        }
        const url = fillPath(op.template, values);
        const base = baseOf(op.template);
        const bodyType = op.body ? Object.keys(op.body.content).find((t) => t.includes('json')) : undefined;
        const route: Route = {
          op,
          url,
          base,
          path: normaliseScopePath(url.slice(base.length)),
          body: bodyType ? exampleOf(op.body!.content[bodyType]) : undefined,
        };
        idValuesOf.set(route, Object.values(values));
        return route;
      });
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
    writeReliabilitySection(
      'scope-bypass',
      [
        '## Scope bypass (`test/scope-bypass.e2e-spec.ts`, in `npm test`)',
        '',
        `Last run: ${runStamp()}. Every operation of the served \`/openapi.json\` with an \`x-required-scope\` (${routes?.length ?? 0}), with real ids and a body it accepts; a database snapshot (row count and md5 per table) compared after every request.`,
        '',
        table(
          ['check', 'count', 'expected', 'result'],
          [
            [
              'malformed scopes (misplaced `*`, unknown methods, leading `/`, whitespace, control characters, no `:`, over 200 characters) minted',
              figures.malformed,
              '400 naming the scope, no session stored',
              verdict(figures.failures.malformed),
            ],
            [
              `near-miss scopes (other methods, other endpoints, prefixes without \`*\`, \`*\` prefixes that miss, case, URL encoding, dot segments, \`//\`, trailing slashes, \`%2F\` and \`/\` inside ids, \`?\`/\`#\`/\`;\` tricks, the base in the scope): ${figures.nearMissScopes} scopes in tokens grouped by kind, one request per token`,
              figures.nearMissRequests,
              '403 in the dialect’s words, database unchanged',
              verdict(figures.failures.nearMiss),
            ],
            [
              'request-path tricks over a raw socket (traversal raw and encoded, `%5C`, `//`, `/./`, `?`/`#`/`;`, encoded segments, case, NUL, `%2F` in ids, base tricks)',
              figures.tricks,
              '400, 403 or 404 as JSON, database unchanged',
              `${verdict(figures.failures.tricks)} (${Object.entries(figures.trickStatuses)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')})`,
            ],
          ],
        ),
        '',
        `The same routes with exactly their own scope are let through (the control). ${((Date.now() - started) / 1000).toFixed(1)} s in all.`,
      ].join('\n'),
    );
  });

  it('covers every protected operation, each with the scope its document names', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    for (const route of routes) {
      const [method, endpoint] = route.op.requiredScope!.split(/:(.*)/s);
      const expected = new RegExp(`^${endpoint.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/<\w+>/g, '[^/]+')}$`);
      expect(`${method} ${route.path}`).toMatch(new RegExp(`^${route.op.method} `));
      expect(route.path).toMatch(expected);
    }
  });

  it('refuses to mint every malformed scope (400 naming it) and stores no session', async () => {
    const failures: string[] = [];
    const before = await snapshots.take();
    let minted = 0;
    for (const route of routes) {
      for (const scope of malformed(route.op.method, route.path)) {
        const res = await mint([scope]);
        minted++;
        figures.malformed++;
        if (res.statusCode !== 400 || !/^(Invalid scope|scopes must)/.test(res.json().error ?? ''))
          failures.push(`${JSON.stringify(scope)} → ${res.statusCode} ${res.body}`);
      }
    }
    figures.failures.malformed = failures.length;
    expect(failures).toEqual([]);
    expect(DbSnapshotter.diff(before, await snapshots.take())).toEqual([]);
    expect(minted).toBeGreaterThan(500);
  });

  it('answers 403 in the dialect’s words to every near-miss scope, and nothing changes', async () => {
    const plan: { route: Route; kind: string; scopes: string[]; tokens: string[] }[] = [];
    for (const route of routes) {
      const others = routes
        .filter((r) => r !== route)
        .map((r) => `${r.op.method}:${r.path}`)
        .filter((s) => s !== `${route.op.method}:${route.path}`);
      for (const [kind, scopes] of Object.entries(nearMisses(route.op.method, route.path, idValuesOf.get(route)!, others))) {
        const unique = [...new Set(scopes)];
        // The pure grammar agrees with the test that none of them grants the route.
        const granting = unique.filter((s) => grants([s], route.op.method, route.path));
        if (granting.length)
          throw new Error(
            `the grammar says ${granting.join(' ')} grants ${route.op.method} ${route.path}: the grammar or this near-miss list (${kind}) is wrong`,
          );
        plan.push({ route, kind, scopes: unique, tokens: await mintAll(unique) });
        figures.nearMissScopes += unique.length;
      }
    }
    const failures: string[] = [];
    const baseline: DbSnapshot = await snapshots.take();
    let sent = 0;
    for (const { route, kind, tokens } of plan) {
      for (const token of tokens) {
        const res = await send(route, token);
        sent++;
        figures.nearMissRequests++;
        const dialect = dialectOfPath(route.url) as 'invidious' | 'tubearchivist';
        if (res.statusCode !== 403 || JSON.stringify(res.json()) !== JSON.stringify(SCOPE_REFUSED[dialect])) {
          failures.push(`${route.op.method} ${route.url} with ${kind} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
        const changed = DbSnapshotter.diff(baseline, await snapshots.take());
        if (changed.length) throw new Error(`${route.op.method} ${route.url} with ${kind} changed ${changed.join(', ')}`);
      }
    }
    figures.failures.nearMiss = failures.length;
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(routes.length * 10);
  });

  it('refuses request-path tricks towards a route the token lacks (400, 403 or 404 as JSON), and nothing changes', async () => {
    const failures: string[] = [];
    let sent = 0;
    const allScopes = routes.map((r) => `${r.op.method}:${r.path}`);
    for (const route of routes) {
      // Everything but this route, as exact scopes; the tricks start from a path of the same method.
      const scopes = allScopes.filter((s) => s !== `${route.op.method}:${route.path}`);
      const granted =
        routes.find((r) => r !== route && r.op.method === route.op.method && r.base === route.base && !r.path.includes(route.path)) ??
        routes.find((r) => r !== route && r.base === route.base)!;
      const tokens = await mintAll(scopes);
      const baseline = await snapshots.take();
      for (const url of requestTricks(route, granted.path, idValuesOf.get(route)!)) {
        for (const token of tokens) {
          const res = await sendRaw(route, token, url);
          sent++;
          figures.tricks++;
          figures.trickStatuses[res.statusCode] = (figures.trickStatuses[res.statusCode] ?? 0) + 1;
          const dialect = dialectOfPath(url.split(/[?#]/)[0]);
          const shapeOk = (() => {
            try {
              const body = JSON.parse(res.body);
              return dialect === 'invidious' ? typeof body.error === 'string' : typeof body.detail === 'string';
            } catch {
              return false;
            }
          })();
          if (![400, 403, 404, 405].includes(res.statusCode) || !shapeOk)
            failures.push(`${route.op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
          const changed = DbSnapshotter.diff(baseline, await snapshots.take());
          if (changed.length) throw new Error(`${route.op.method} ${url} changed ${changed.join(', ')}`);
        }
      }
    }
    figures.failures.tricks = failures.length;
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(routes.length * 20);
  });

  it('lets the exact scope through on every route (so the refusals above are the scope check’s)', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      const [token] = await mintAll([`${route.op.method}:${route.path}`]);
      // A granted stream would stay open: a bad query, refused after the guard, proves the way in.
      const res = await send(route.op.produces.includes('text/event-stream') ? { ...route, url: `${route.url}?since=abc` } : route, token);
      const dialect = dialectOfPath(route.url) as 'invidious' | 'tubearchivist';
      if (res.statusCode === 403 && res.body === JSON.stringify(SCOPE_REFUSED[dialect])) refused.push(`${route.op.method} ${route.url} → ${res.body}`);
    }
    expect(refused).toEqual([]);
  });
});
