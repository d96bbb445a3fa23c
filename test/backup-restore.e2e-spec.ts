import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { ADMIN, ADMIN_ENV, loginToken, mintToken } from './support/auth.js';
import { runCli } from './support/cli-process.js';
import { databaseUrl, TEST_DATABASE_URL, TEST_REDIS_URL, testRunId } from './support/env.js';
import { fakeChannel, FakeUpstream } from './support/fake-upstream.js';
import { freePort } from './support/redis-server.js';
import { ServiceProcess } from './support/service-process.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(180_000);

const ALICE = { username: 'alice', password: 'alice password 1' };
const COOKIE_CANARY = 'zz9-backup-cookie-canary';
const COOKIE_FILE = [
  '# Netscape HTTP Cookie File',
  '',
  ['.youtube.com', 'TRUE', '/', 'TRUE', '0', 'SID', 'good'].join('\t'),
  ['.youtube.com', 'TRUE', '/', 'TRUE', '0', 'CANARY', COOKIE_CANARY].join('\t'),
].join('\n');

interface Answer {
  status: number;
  body: unknown;
}
/** One HTTP call, the same whether the service is an in-process app or a child process. */
type Call = (method: string, url: string, authorization?: string, body?: unknown) => Promise<Answer>;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
const viaInject =
  (app: NestFastifyApplication): Call =>
  async (method, url, authorization, body) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: authorization ? { authorization } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: parse(res.body) };
  };
const viaFetch =
  (base: string): Call =>
  async (method, url, authorization, body) => {
    const headers: Record<string, string> = {
      ...(authorization ? { authorization } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const res = await fetch(`${base}${url}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined });
    return { status: res.status, body: parse(await res.text()) };
  };

async function ok(call: Call, method: string, url: string, authorization?: string, body?: unknown): Promise<unknown> {
  const answer = await call(method, url, authorization, body);
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * What the API shows of the library: the users, alice's subscriptions, playlists (with their videos),
 * preferences, watched videos and tokens, and the stored cookie's status. Relative dates are left out.
 */
async function libraryView(call: Call, admin: string, alice: string): Promise<unknown> {
  const playlists = (await ok(call, 'GET', '/api/v1/auth/playlists', alice)) as { playlistId: string; title: string; privacy: string; videoCount: number }[];
  const entries = async (id: string) =>
    ((await ok(call, 'GET', `/api/v1/auth/playlists/${id}`, alice)) as { videos: { videoId: string; title: string; indexId: string }[] }).videos.map((v) => [
      v.videoId,
      v.title,
      v.indexId,
    ]);
  return {
    users: await ok(call, 'GET', '/api/users/', admin),
    subscriptions: await ok(call, 'GET', '/api/v1/auth/subscriptions', alice),
    playlists: await Promise.all(
      playlists.map(async (p) => ({ id: p.playlistId, title: p.title, privacy: p.privacy, count: p.videoCount, entries: await entries(p.playlistId) })),
    ),
    preferences: await ok(call, 'GET', '/api/v1/auth/preferences', alice),
    watched: await ok(call, 'GET', '/api/v1/auth/history', alice),
    tokens: await ok(call, 'GET', '/api/v1/auth/tokens', alice),
    cookie: await ok(call, 'GET', '/api/cookie/', admin),
  };
}

/** The lines of a backup after its header: the rows and the end line. */
const bodyLines = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n').slice(1);
/** What a terminal would show of this stderr: each line as its last rewrite (`\r` + erase) left it. */
const screenOf = (stderr: string) =>
  stderr
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\r\x1b[K').at(-1));
const headerOf = (file: string) => JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);

describe('backup and restore (`npm run cli -- backup|restore <file>`)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let upstream: FakeUpstream;
  let youtube: Server;
  let dir: string;
  let dataDir: string;
  /** Databases this file created (empty, not from the migrated template), dropped at the end. */
  const emptyDatabases: string[] = [];
  const channel = fakeChannel(1, 5);
  const [V1, V2, V3] = channel.videos.map((video) => video.id);
  const fromPostgres = () => join(dir, 'from-postgres.tvbackup.gz');
  const fromPglite = () => join(dir, 'from-pglite.tvbackup.gz');
  /** Credentials issued by the original deployment, which must still work after the restore. */
  const old = { adminJwt: '', aliceJwt: '', aliceInvidiousToken: '' };
  let before: unknown;

  const embedded = () => ({ DATA_DIR: dataDir });
  /** A brand-new database with nothing in it (no migrations either), as an operator would create one. */
  const emptyDatabase = async (): Promise<string> => {
    const name = `tv_t_${testRunId()}_empty_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
    emptyDatabases.push(name);
    return databaseUrl(name);
  };
  const external = (url: string) => ({ DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: world.redisPrefix });

  beforeAll(async () => {
    upstream = await FakeUpstream.start([channel]);
    youtube = createServer((req, res) => {
      const signedIn = String(req.headers.cookie ?? '')
        .split('; ')
        .includes('SID=good');
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<script>ytcfg.set({"LOGGED_IN":${signedIn}})</script>`);
    });
    await new Promise<void>((resolve) => youtube.listen(0, '127.0.0.1', resolve));
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, UPSTREAM_URL: upstream.url, YOUTUBE_URL: `http://127.0.0.1:${(youtube.address() as AddressInfo).port}` });
    dir = mkdtempSync(join(tmpdir(), 'tubevault-backup-'));
    dataDir = join(dir, 'data');
  });
  afterAll(async () => {
    await world.close();
    await upstream.close();
    youtube.closeAllConnections();
    await new Promise((resolve) => youtube.close(resolve));
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      for (const name of emptyDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up an external Postgres and restores it into embedded PGlite: the service there shows the same library', async () => {
    const call = viaInject(app);
    old.adminJwt = `Bearer ${await loginToken(app)}`;
    await ok(call, 'POST', '/api/users/', old.adminJwt, { ...ALICE, is_admin: false });
    old.aliceJwt = `Bearer ${await loginToken(app, ALICE.username, ALICE.password)}`;
    await ok(call, 'POST', `/api/v1/auth/subscriptions/${channel.id}`, old.aliceJwt);
    const { playlistId } = (await ok(call, 'POST', '/api/v1/auth/playlists', old.aliceJwt, { title: 'Kept', privacy: 'private' })) as { playlistId: string };
    for (const videoId of [V2, V1]) await ok(call, 'POST', `/api/v1/auth/playlists/${playlistId}/videos`, old.aliceJwt, { videoId });
    await ok(call, 'POST', '/api/v1/auth/preferences', old.aliceJwt, { quality: 'hd720', region: 'DE' });
    for (const videoId of [V1, V3]) await ok(call, 'POST', `/api/v1/auth/history/${videoId}`, old.aliceJwt);
    old.aliceInvidiousToken = `Bearer ${encodeURIComponent(await mintToken(app, old.aliceJwt.slice('Bearer '.length), ['GET:feed', ':playlists*']))}`;
    expect(await ok(call, 'PUT', '/api/cookie/', old.adminJwt, { cookie: COOKIE_FILE })).toEqual({ cookie_import: 'done', cookie_validated: true });
    before = await libraryView(call, old.adminJwt, old.aliceJwt);

    const backup = await runCli(['backup', fromPostgres()], external(world.databaseUrl), dir);
    expect(backup).toEqual({ status: 0, stdout: expect.stringMatching(/^backed up \d+ rows of \d+ tables to .*from-postgres\.tvbackup\.gz\n$/), stderr: '' });
    const header = headerOf(fromPostgres());
    expect(header).toMatchObject({ format: 'tubevault-backup', version: 1, migrations: expect.arrayContaining(['Audit1764080000000']) });
    expect(Object.keys(header.tables)).toEqual(
      expect.arrayContaining([
        'users',
        'sessions',
        'settings',
        'playlists',
        'playlist_videos',
        'subscriptions',
        'preferences',
        'watched',
        'youtube_cookie',
        'audit_events',
      ]),
    );
    // Parents before children, so a restore satisfies every foreign key as it goes.
    const order = Object.keys(header.tables);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('playlists')).toBeLessThan(order.indexOf('playlist_videos'));
    // The cookie stays encrypted: its text is nowhere in the file; its ciphertext is there as base64.
    const text = gunzipSync(readFileSync(fromPostgres())).toString('utf8');
    expect(text).not.toContain(COOKIE_CANARY);
    const cookieRow = bodyLines(fromPostgres())
      .map((line) => JSON.parse(line))
      .find((line) => line.table === 'youtube_cookie').row;
    expect(cookieRow.nonce).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(Buffer.from(cookieRow.auth_tag, 'base64')).toHaveLength(16);

    const restore = await runCli(['restore', fromPostgres()], embedded(), dir);
    expect(restore).toEqual({ status: 0, stdout: expect.stringMatching(/^restored \d+ rows of \d+ tables from .* \(backup of \d{4}-.*\)\n$/), stderr: '' });
    // Before the service writes anything: a backup of the restored database holds exactly the same rows.
    expect(await runCli(['backup', fromPglite()], embedded(), dir)).toMatchObject({ status: 0 });
    expect(bodyLines(fromPglite())).toEqual(bodyLines(fromPostgres()));

    const port = await freePort();
    const restored = new ServiceProcess({ ...embedded(), PORT: String(port), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${world.redisPrefix}:restored` });
    try {
      await restored.waitFor(/listening:/, 60_000);
      const there = viaFetch(`http://127.0.0.1:${port}`);
      expect(await libraryView(there, old.adminJwt, old.aliceJwt)).toEqual(before);
      // Old credentials: the JWTs and the Invidious token verify with the restored secret and sessions.
      expect(await ok(there, 'GET', '/api/ping/', old.aliceJwt)).toMatchObject({ response: 'pong' });
      expect((await there('GET', '/api/v1/auth/feed', old.aliceInvidiousToken)).status).toBe(200);
      // Logging in works, and yields the same token as before (same session, same key).
      expect(await ok(there, 'POST', '/api/login/', undefined, ALICE)).toEqual({ token: old.aliceJwt.slice('Bearer '.length), user_id: expect.any(Number) });
      expect((await there('POST', '/api/login/', undefined, { username: ADMIN.username, password: 'not it' })).status).toBe(400);
    } finally {
      expect((await restored.stop()).code).toBe(0);
    }

    // The restored database is no longer empty: a second restore is refused, and changes nothing.
    const again = await runCli(['restore', fromPostgres()], embedded(), dir);
    expect(again).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(/^tubevault: cannot restore: the database is not empty \(table "\w+" has rows\)/),
    });
  });

  it('restores the PGlite backup into an empty external Postgres database, row for row', async () => {
    const url = await emptyDatabase();
    const target = external(url);

    expect(await runCli(['restore', fromPglite()], target, dir)).toMatchObject({ status: 0, stderr: '' });
    const roundTrip = join(dir, 'round-trip.tvbackup.gz');
    expect(await runCli(['backup', roundTrip], target, dir)).toMatchObject({ status: 0 });
    expect(bodyLines(roundTrip)).toEqual(bodyLines(fromPostgres()));
    // Sequences continue after the restored ids: new rows do not collide with restored ones.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query("INSERT INTO users (username, username_key, password_hash) VALUES ('newcomer', 'newcomer', 'x') RETURNING id");
      expect(rows[0].id).toBe(Number((await db.query('SELECT max(id) FROM users')).rows[0].max));
      expect(rows[0].id).toBeGreaterThan(2);
      await db.query("INSERT INTO audit_events (type) VALUES ('user.created')");
    } finally {
      await db.end();
    }
  });

  it('refuses a truncated backup or another file, leaving the database empty', async () => {
    const truncated = join(dir, 'truncated.tvbackup.gz');
    const lines = gunzipSync(readFileSync(fromPostgres())).toString('utf8').trimEnd().split('\n');
    writeFileSync(truncated, gzipSync(lines.slice(0, -1).join('\n')));
    const fresh = external(await emptyDatabase());
    expect(await runCli(['restore', truncated], fresh, dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'tubevault: cannot restore: the backup is truncated (no end line)\n',
    });
    const notBackup = join(dir, 'notes.txt');
    writeFileSync(notBackup, 'hello\n');
    expect(await runCli(['restore', notBackup], fresh, dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'tubevault: cannot restore: not a tubevault backup: the first line is not JSON\n',
    });
    // Nothing of the refused restore remained: the full backup restores into the same database.
    expect(await runCli(['restore', fromPostgres()], fresh, dir)).toMatchObject({ status: 0, stderr: '' });
    expect((await runCli(['backup'], fresh, dir)).status).toBe(2);
  });

  it('shows progress on stderr with CLI_PROGRESS=always (as on a terminal): a line per table and step; stdout as without', async () => {
    const withProgress = join(dir, 'with-progress.tvbackup.gz');
    const backup = await runCli(['backup', withProgress], { ...external(world.databaseUrl), CLI_PROGRESS: 'always' }, dir);
    expect(backup).toMatchObject({ status: 0, stdout: expect.stringMatching(/^backed up \d+ rows of \d+ tables to .*with-progress\.tvbackup\.gz\n$/) });
    const tables = Object.keys(headerOf(withProgress).tables);
    const { rows } = JSON.parse(bodyLines(withProgress).at(-1)!).end as { rows: Record<string, number> };
    expect(tables.filter((table) => rows[table] > 0).length).toBeGreaterThan(3);
    // Each table's line is rewritten in place; the terminal ends up showing its last state.
    expect(backup.stderr).toContain('\r\x1b[K');
    expect(screenOf(backup.stderr)).toEqual(tables.map((table, i) => `[${i + 1}/${tables.length}] ${table}: ${rows[table]}/${rows[table]} rows`));

    const restore = await runCli(['restore', withProgress], { ...external(await emptyDatabase()), CLI_PROGRESS: 'always' }, dir);
    expect(restore).toMatchObject({ status: 0, stdout: expect.stringMatching(/^restored \d+ rows of \d+ tables from /) });
    expect(screenOf(restore.stderr)).toEqual([
      'applying migrations…',
      'checking that the database is empty…',
      // A table without rows has no line in the file, and none here.
      ...tables.flatMap((table, i) => (rows[table] > 0 ? [`[${i + 1}/${tables.length}] ${table}: ${rows[table]} rows`] : [])),
      'moving sequences past the restored ids…',
      'committing…',
    ]);

    // A failure comes on a line of its own, after the progress so far.
    const refused = await runCli(['restore', withProgress], { ...external(world.databaseUrl), CLI_PROGRESS: 'always' }, dir);
    expect(refused).toMatchObject({ status: 1, stdout: '' });
    expect(screenOf(refused.stderr)).toEqual([
      'applying migrations…',
      'checking that the database is empty…',
      expect.stringMatching(/^tubevault: cannot restore: the database is not empty/),
    ]);

    expect(await runCli(['backup', withProgress], { ...external(world.databaseUrl), CLI_PROGRESS: 'never' }, dir)).toMatchObject({ status: 0, stderr: '' });
    expect(await runCli(['backup', withProgress], { ...external(world.databaseUrl), CLI_PROGRESS: 'yes' }, dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'tubevault: CLI_PROGRESS must be auto, always or never (got "yes"); auto shows progress when stderr is a terminal\n',
    });
  });
});

describe('backup files are private (they hold the secret key, password hashes and session ids)', () => {
  let world: TestWorld;
  let dir: string;
  let umask: number;

  beforeAll(async () => {
    world = await TestWorld.create();
    dir = mkdtempSync(join(tmpdir(), 'tubevault-backup-mode-'));
    // The usual umask, under which a plain create gives 0644; the CLI child inherits it.
    umask = process.umask(0o022);
  });
  afterAll(async () => {
    process.umask(umask);
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const backup = (file: string) =>
    runCli(['backup', file], { DATABASE_URL: world.databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: world.redisPrefix }, dir);
  const mode = (file: string) => statSync(file).mode & 0o777;

  it('creates a new backup with mode 0600', async () => {
    const file = join(dir, 'new.tvbackup.gz');
    expect(await backup(file)).toMatchObject({ status: 0, stderr: '' });
    expect(mode(file).toString(8)).toBe('600');
  });

  it('tightens a world-readable file it replaces to 0600, and never widens a stricter one', async () => {
    const open = join(dir, 'was-0644.tvbackup.gz');
    writeFileSync(open, 'old');
    chmodSync(open, 0o644);
    expect(await backup(open)).toMatchObject({ status: 0, stderr: '' });
    expect(mode(open).toString(8)).toBe('600');

    const strict = join(dir, 'was-0400.tvbackup.gz');
    writeFileSync(strict, 'old');
    chmodSync(strict, 0o400);
    expect(await backup(strict)).toMatchObject({ status: 0, stderr: '' });
    expect(mode(strict).toString(8)).toBe('400');

    // A leftover `.partial` from an interrupted run does not lend its mode either.
    const leftover = join(dir, 'leftover.tvbackup.gz');
    writeFileSync(`${leftover}.partial`, 'half');
    chmodSync(`${leftover}.partial`, 0o666);
    expect(await backup(leftover)).toMatchObject({ status: 0, stderr: '' });
    expect(mode(leftover).toString(8)).toBe('600');
  });
});
