import { writeFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { InjectOptions } from 'light-my-request';
import { ADMIN, ADMIN_ENV } from './support/auth.js';
import { DbSnapshotter, type DbSnapshot } from './support/db-snapshot.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { seedCatalog, seedUser, type FixtureUser } from './support/library-fixture.js';
import { specValidator, type OpenApiResponseValidator } from './support/openapi-validator.js';
import { dialectOfPath, exampleOf, fillPath, operationsOf, type Json, type SpecOperation } from './support/openapi-operations.js';
import { runStamp, table, writeReliabilitySection } from './support/reliability-report.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(180_000);

/** At most this many inputs per operation; the whole walk stays well under two minutes. */
const MAX_INPUTS_PER_OPERATION = 30;
const MIB = 1024 * 1024;

/**
 * One generated input. `invalid`: it breaks the operation's documented contract (a type, a bound,
 * a required field, an unknown field, the media type, the JSON syntax or UTF-8), so the answer must
 * be a 4xx. Inputs that are merely hostile (a NUL byte or 100 000 characters in a free-text field)
 * may also be accepted; they must never cause a 5xx either.
 */
interface FuzzInput {
  kind: string;
  invalid: boolean;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const WRONG_TYPE: Record<string, unknown[]> = {
  string: [12345, { nested: true }],
  integer: ['abc', 1.5],
  number: ['abc'],
  boolean: ['yes', 0],
  array: ['not-an-array', { 0: 'x' }],
  object: [['x'], 'text'],
};

/** Query and path values that break a declared schema, by type. */
function badScalars(schema: Json): string[] {
  const out: string[] = [];
  if (schema.type === 'integer' || schema.type === 'number') out.push('abc', '1e400', '99999999999999999999999', '-1', '0x10');
  if (schema.type === 'integer') out.push('1.5');
  if (typeof schema.minimum === 'number') out.push(String(schema.minimum - 1));
  if (typeof schema.maximum === 'number') out.push(String(schema.maximum + 1));
  if (Array.isArray(schema.enum)) out.push('no-such-value', `${String(schema.enum[0]).toUpperCase()}x`);
  if (schema.type === 'boolean') out.push('maybe');
  return [...new Set(out)];
}

/** Hostile text for free-form strings: NUL, invalid UTF-8 escapes, control characters, 10 000 characters. */
const HOSTILE_QUERY = ['%00', '%FF%FE', '%C3%28', '', '%0D%0ASet-Cookie:%20x=1', 'x'.repeat(10_000), '%E2%80%AE'];
/** Dot segments are left to test/scope-bypass.e2e-spec.ts, over a raw socket: `inject` resolves them like a browser. */
const HOSTILE_PATH = ['%00', '%FF', '%C3%28', 'x'.repeat(3000), '-1', '99999999999999999999999', '%C3%BC%F0%9F%92%A9', '%20'];

function jsonOf(value: unknown): string {
  return JSON.stringify(value);
}

/** Round-robin over the generators' lists, so every kind of input is tried before the cap bites. */
function interleave(lists: FuzzInput[][], cap: number): FuzzInput[] {
  const out: FuzzInput[] = [];
  for (let i = 0; out.length < cap && lists.some((l) => i < l.length); i++) {
    for (const list of lists) if (i < list.length && out.length < cap) out.push(list[i]);
  }
  return out;
}

function generate(op: SpecOperation, url: string, pathValues: Record<string, string>, auth: Record<string, string>): FuzzInput[] {
  const jsonType = op.body ? Object.keys(op.body.content).find((t) => t.includes('json')) : undefined;
  const formType = op.body ? Object.keys(op.body.content).find((t) => t.includes('urlencoded')) : undefined;
  const schema = op.body ? op.body.content[jsonType ?? formType!] : undefined;
  const bodyRequired = op.body?.required === true;
  // TubeArchivist follows Django REST framework, which ignores fields it does not know.
  const unknownFieldsRefused = dialectOfPath(url) !== 'tubearchivist';
  const example = schema ? (exampleOf(schema) as Record<string, unknown>) : undefined;
  const validQuery = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(exampleOf(p.schema)))}`)
    .join('&');
  const withQuery = (extra: string) => {
    const q = [validQuery, extra].filter(Boolean).join('&');
    return q ? `${url}?${q}` : url;
  };
  const base = withQuery('');
  const json = (kind: string, payload: string | Buffer, invalid = true, type = 'application/json'): FuzzInput => ({
    kind,
    invalid,
    url: base,
    headers: { ...auth, 'content-type': type },
    payload,
  });

  const bodyInputs: FuzzInput[] = [];
  const fieldInputs: FuzzInput[] = [];
  if (schema && jsonType) {
    bodyInputs.push(
      json('malformed JSON', '{"a": '),
      json('malformed JSON (single quotes)', "{'a': 1}"),
      json('JSON array instead of object', '[]'),
      json('JSON string instead of object', '"text"'),
      json('JSON number instead of object', '42'),
      json('JSON null', 'null', bodyRequired),
      json(
        'invalid UTF-8 in JSON',
        Buffer.concat([
          Buffer.from('{"'),
          Buffer.from(Object.keys((schema.properties ?? { x: 1 }) as Json)[0] ?? 'x'),
          Buffer.from('":"'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      ),
      json('text/plain body', jsonOf(example), true, 'text/plain'),
      json('application/xml body', '<a>1</a>', true, 'application/xml'),
      json('multipart body', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', true, 'multipart/form-data; boundary=x'),
      json('body over 1 MiB', jsonOf({ ...example, padding: 'x'.repeat(MIB + 10) })),
      json('deeply nested JSON', `${'['.repeat(50_000)}${']'.repeat(50_000)}`),
      json('unknown field', jsonOf({ ...example, unexpected_field: 1 }), unknownFieldsRefused),
      json('__proto__ key', `{"__proto__": {"isAdmin": true}, ${jsonOf(example).slice(1)}`, false),
    );
    const required = (schema.required as string[] | undefined) ?? [];
    if (required.length) bodyInputs.push(json('missing required fields', '{}'));
    for (const name of required.slice(0, 2)) {
      const { [name]: _dropped, ...rest } = example!;
      bodyInputs.push(json(`missing ${name}`, jsonOf(rest)));
    }
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>).slice(0, 4)) {
      const type = String(property.type ?? 'string');
      for (const wrong of WRONG_TYPE[type] ?? [])
        fieldInputs.push(json(`${name}: wrong type ${jsonOf(wrong).slice(0, 20)}`, jsonOf({ ...example, [name]: wrong })));
      if (type === 'string') {
        fieldInputs.push(json(`${name}: NUL byte`, jsonOf({ ...example, [name]: 'a\u0000b' }), false));
        fieldInputs.push(json(`${name}: 200 000 characters`, jsonOf({ ...example, [name]: 'x'.repeat(200_000) }), typeof property.maxLength === 'number'));
        if (property.pattern || Array.isArray(property.enum))
          fieldInputs.push(json(`${name}: off pattern/enum`, jsonOf({ ...example, [name]: 'not valid !' })));
      }
      if (type === 'integer' || type === 'number') {
        fieldInputs.push(json(`${name}: -1`, jsonOf({ ...example, [name]: -1 }), typeof property.minimum === 'number' && property.minimum > -1));
        fieldInputs.push(json(`${name}: 1e308`, jsonOf({ ...example, [name]: 1e308 }), typeof property.maximum === 'number'));
        fieldInputs.push(json(`${name}: 2^53+2`, '{"' + name + '": 9007199254740994}', typeof property.maximum === 'number'));
      }
      if (type === 'array') {
        fieldInputs.push(json(`${name}: 50 000 items`, jsonOf({ ...example, [name]: Array.from({ length: 50_000 }, () => 'x') }), false));
        fieldInputs.push(json(`${name}: items of the wrong type`, jsonOf({ ...example, [name]: [1, null, {}] })));
      }
    }
  } else if (schema && formType) {
    // Forms are parsed leniently (as browsers and Invidious do): a bad escape or unknown field is
    // hostile, not invalid; a missing required field, another media type or 1 MiB are invalid.
    const form = (kind: string, payload: string, invalid = false): FuzzInput => json(kind, payload, invalid, 'application/x-www-form-urlencoded');
    const required = ((schema.required as string[] | undefined) ?? []).length > 0;
    bodyInputs.push(
      form('bad percent escape in form', 'a=%ZZ&b=%'),
      form('invalid UTF-8 in form', 'csrf_token=%FF%FE&scopes%5B0%5D=%C3%28&topics=%FF'),
      form('NUL in form', 'csrf_token=%00&email=%00&password=%00&topics=%00'),
      form('empty form', '', required),
      json('text/plain body', 'a=1', true, 'text/plain'),
      json('JSON body where a form is expected', '{"a": 1}', false, 'application/json'),
      form('form over 1 MiB', `a=${'x'.repeat(MIB + 10)}`, true),
      form('repeated fields', 'csrf_token=a&csrf_token=b&password=a&password=b&topics=a&topics=b'),
    );
  }

  const queryInputs: FuzzInput[] = [];
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    const others = (p: string) => withQuery(p).replace(new RegExp(`(^|[?&])${param.name}=[^&]*&(?=${param.name}=)`), '$1');
    for (const value of badScalars(param.schema))
      queryInputs.push({ kind: `?${param.name}=${value.slice(0, 20)}`, invalid: true, url: others(`${param.name}=${value}`), headers: auth });
    if (!param.schema.type || param.schema.type === 'string') {
      for (const value of HOSTILE_QUERY.slice(0, 4))
        queryInputs.push({ kind: `?${param.name}=${value.slice(0, 20)}`, invalid: false, url: others(`${param.name}=${value}`), headers: auth });
    }
    if (param.required) queryInputs.push({ kind: `without required ?${param.name}`, invalid: true, url, headers: auth });
  }

  const pathInputs: FuzzInput[] = [];
  for (const name of Object.keys(pathValues)) {
    for (const value of HOSTILE_PATH) {
      pathInputs.push({
        kind: `{${name}}=${value.slice(0, 20)}`,
        invalid: true,
        url: withQuery('').replace(`/${pathValues[name]}`, `/${value}`),
        headers: auth,
      });
    }
  }
  // Every operation: a body nobody asked for, in a media type nobody accepts. A route that takes no
  // body ignores it (docs/dialects/invidious.md#request-bodies), so it is not invalid input; and the
  // request then does what it says, so DELETE /api/users/{id} (the signed-in owner here) is left to
  // test/ignored-bodies.e2e-spec.ts.
  const stray: FuzzInput[] =
    op.body || op.operationId === 'deleteUser'
      ? []
      : [{ kind: 'unexpected text/plain body', invalid: false, url: base, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hello' }];
  return interleave([bodyInputs, fieldInputs, queryInputs, pathInputs, stray], MAX_INPUTS_PER_OPERATION);
}

interface Outcome {
  operation: string;
  kind: string;
  status: number;
  problem?: string;
}

describe('OpenAPI-driven fuzzing: every operation refuses bad input with a 4xx in its dialect, never a 5xx, and changes nothing', () => {
  let world: TestWorld;
  let fake: FakeUpstream;
  let app: NestFastifyApplication;
  let owner: FixtureUser;
  let snapshots: DbSnapshotter;
  let operations: SpecOperation[];
  let validator: OpenApiResponseValidator;
  let sid: string;
  let fastify: FastifyInstance;
  const outcomes: Outcome[] = [];
  let started = 0;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api', UPSTREAM_URL: fake.url, YOUTUBE_URL: fake.url });
    fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    const db = world.db();
    snapshots = new DbSnapshotter(db);
    await seedCatalog(db, 2, 3);
    owner = await seedUser(app, 'owner', true, 1);
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=owner&password=${encodeURIComponent(owner.password)}`,
    });
    sid = /^SID=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json;
    operations = operationsOf(document);
    validator = specValidator();
    started = Date.now();
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('walks every operation with at most 30 generated inputs each', async () => {
    let baseline: DbSnapshot = await snapshots.take();
    let address = 0;
    for (const op of operations) {
      const values: Record<string, string> = {};
      for (const param of op.parameters.filter((p) => p.in === 'path')) {
        const before = op.template.split(`{${param.name}}`)[0].split('/').filter(Boolean).at(-1) ?? '';
        if (param.name === 'index') values.index = owner.indexOf[owner.privatePlaylist];
        else if (before === 'playlists') values[param.name] = owner.privatePlaylist;
        else if (before === 'users') values[param.name] = String(owner.id);
        else if (['subscriptions', 'channel', 'channels'].includes(before)) values[param.name] = owner.channel;
        else if (param.name === 'letter') values.letter = 'f';
        else if (param.name === 'file') values.file = `${owner.video}.jpg`;
        else values[param.name] = owner.video;
      }
      const url = fillPath(op.template, values);
      const auth = { authorization: `Bearer ${owner.jwt}`, cookie: `SID=${sid}` };
      const stream = op.produces.includes('text/event-stream');
      for (const input of generate(op, url, values, auth)) {
        // Logins are throttled per address: give each input its own, so the throttle does not answer for the parser.
        const options: InjectOptions = {
          method: op.method as 'GET',
          url: input.url,
          headers: input.headers,
          remoteAddress: `10.9.${(address >> 8) & 255}.${address++ & 255}`,
        };
        if (input.payload !== undefined) options.payload = input.payload;
        if (stream) options.payloadAsStream = true;
        // Fastify's own inject, not the TestWorld one that checks answers against the committed
        // document: bad input rightly meets generic refusals (413, 414, 415) no operation lists, and
        // this test checks every answer's shape itself, against the live document.
        const res = await fastify.inject(options);
        let body: string;
        if (stream) {
          // An accepted input opens the stream: take what came with the headers, then hang up.
          const chunks: Buffer[] = [];
          const s = res.stream();
          await new Promise<void>((resolve) => {
            s.on('data', (c: Buffer) => chunks.push(c));
            s.on('end', resolve);
            s.on('error', () => resolve());
            setTimeout(resolve, res.statusCode === 200 ? 50 : 2000);
          });
          s.destroy();
          body = Buffer.concat(chunks).toString('utf8');
        } else {
          body = res.body;
        }
        const outcome: Outcome = { operation: `${op.method} ${op.template}`, kind: input.kind, status: res.statusCode };
        const type = String(res.headers['content-type'] ?? '');
        const dialect = dialectOfPath(input.url.split(/[?#]/)[0]);
        if (res.statusCode >= 500) outcome.problem = `${res.statusCode} ${body.slice(0, 200)}`;
        else if (res.statusCode < 400 && input.invalid) outcome.problem = `accepted (${res.statusCode}) ${body.slice(0, 120)}`;
        else if (res.statusCode >= 400) {
          const html = dialect === 'browser' && type.startsWith('text/html');
          if (!html) {
            let parsed: Json | undefined;
            try {
              parsed = JSON.parse(body) as Json;
            } catch {
              outcome.problem = `${res.statusCode} is not JSON (${type}): ${body.slice(0, 120)}`;
            }
            if (parsed && !type.startsWith('application/json')) outcome.problem = `${res.statusCode} JSON sent as ${type}`;
            else if (parsed && dialect === 'invidious' && typeof parsed.error !== 'string')
              outcome.problem = `${res.statusCode} not {"error"}: ${body.slice(0, 120)}`;
            else if (parsed && dialect !== 'invidious') {
              // TubeArchivist errors are {"detail"} or a body the document describes for that status.
              const problems = validator.check(op.method, input.url, res.statusCode, type, body);
              if (typeof parsed.detail !== 'string' && problems.length) outcome.problem = `${res.statusCode} neither {"detail"} nor documented: ${problems[0]}`;
            }
          }
        }
        if (res.statusCode >= 400) {
          const changed = DbSnapshotter.diff(baseline, await snapshots.take());
          if (changed.length) outcome.problem = `${outcome.problem ?? ''} rejected (${res.statusCode}) but changed ${changed.join(', ')}`.trim();
        }
        // An accepted hostile input may legitimately write: the next comparison starts from here.
        if (res.statusCode < 400) baseline = await snapshots.take();
        outcomes.push(outcome);
      }
    }
    const problems = outcomes.filter((o) => o.problem).map((o) => `${o.operation} [${o.kind}] → ${o.problem!.slice(0, 300)}`);
    // FUZZ_DUMP=<file>: every input's outcome as JSON, to look into a failure.
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(outcomes, null, 1));
    const seconds = (Date.now() - started) / 1000;
    const byClass = (c: number) => outcomes.filter((o) => Math.floor(o.status / 100) === c).length;
    const statuses = [...new Set(outcomes.map((o) => o.status))]
      .sort()
      .map((s) => `${s}: ${outcomes.filter((o) => o.status === s).length}`)
      .join(', ');
    writeReliabilitySection(
      'fuzz',
      [
        '## OpenAPI-driven fuzzing (`test/fuzz.e2e-spec.ts`, in `npm test`)',
        '',
        `Last run: ${runStamp()}. Every operation of the served \`/openapi.json\` got up to ${MAX_INPUTS_PER_OPERATION} generated inputs (wrong types, missing and unknown fields, 200 000-character strings, 50 000-item arrays, invalid UTF-8, NUL bytes, negative and enormous numbers, bodies over 1 MiB, wrong media types, malformed and 50 000-deep JSON, hostile path and query values); after each refused one the database snapshot (row count and md5 per table) was compared.`,
        '',
        table(
          ['operations', 'inputs sent', '4xx', '2xx/3xx (hostile but valid input)', '5xx', 'problems', 'seconds'],
          [[operations.length, outcomes.length, byClass(4), byClass(2) + byClass(3), byClass(5), problems.length, seconds.toFixed(1)]],
        ),
        '',
        `Statuses: ${statuses}.`,
        ...(problems.length ? ['', 'Problems:', '', ...problems.slice(0, 40).map((p) => `- ${p}`)] : []),
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThan(50);
    expect(seconds).toBeLessThan(120);
  });
});

/**
 * Shapes of input that once reached a recursive parser or a response header unchecked and came
 * back as a 5xx. Each must be answered by a 4xx in the route's dialect (naming the limit) or, where
 * it is acceptable input, handled — never a 5xx, and never with effects left behind a failure.
 */
describe('bounded recursion and header-bound values', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let jwt: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    jwt = (await app.inject({ method: 'POST', url: '/api/login/', payload: { username: ADMIN.username, password: ADMIN.password } })).json().token as string;
  });
  afterAll(() => world.close());

  const count = async (sql: string) => Number((await world.db().query(sql)).rows[0].count);

  it('OPML with 20 000 nested <outline> elements → 400 naming the nesting limit', async () => {
    const depth = 20_000;
    const opml = `<opml version="1.0"><body>${'<outline text="f">'.repeat(depth)}${'</outline>'.repeat(depth)}</body></opml>`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/import/subscriptions',
      headers: { authorization: `Bearer ${jwt}` },
      payload: { content: opml },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/nested deeper than 64 levels/);
  });

  it.each(['GET', 'POST'] as const)('%s notifications with 5 000 nested brackets in fields → 400 naming the nesting limit', async (method) => {
    const fields = `${'a('.repeat(5000)}b${')'.repeat(5000)}`;
    const res = await app.inject({
      method,
      url: `/api/v1/auth/notifications?topics=debug&fields=${encodeURIComponent(fields)}`,
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^Invalid fields parameter: nested deeper than 32 levels/);
  });

  it('POST /login with valid credentials and a referer beyond U+00FF → 302 to it percent-encoded', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: ADMIN.username, password: ADMIN.password, referer: '/feed/Āx€💩' }).toString(),
      remoteAddress: '10.66.0.1',
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/feed/%C4%80x%E2%82%AC%F0%9F%92%A9');
    expect(String(res.headers['set-cookie'])).toMatch(/^SID=/);
    // Bounded: a header Fastify cannot write used to leave the answer hanging.
  }, 30_000);

  it('a referer that cannot be sent in a header (a lone surrogate) → 302 to /docs, one session, one audit entry', async () => {
    const sessions = 'SELECT count(*) FROM sessions';
    const successes = "SELECT count(*) FROM audit_events WHERE type = 'login.success'";
    const [sessionsBefore, successesBefore] = [await count(sessions), await count(successes)];
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"${ADMIN.username}","password":"${ADMIN.password}","referer":"/feed/\\ud800"}`,
      remoteAddress: '10.66.0.2',
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/docs');
    expect(await count(sessions)).toBe(sessionsBefore + 1);
    expect(await count(successes)).toBe(successesBefore + 1);
  }, 30_000);
});
