import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { runCli } from './support/cli-process.js';
import { TEST_REDIS_URL } from './support/env.js';
import { TestWorld } from './support/test-app.js';

const CLI = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('CLI (node dist/src/cli.js, as `npm run cli` runs it)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  // An empty working directory, so no .env of the checkout is loaded.
  let cwd: string;

  /** Runs the CLI in a clean environment; `stdin` is written and closed (the password, when one is read). */
  const cli = (args: string[], stdin = ''): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: world.databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: world.redisPrefix, LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // A command that fails before reading stdin closes it; that is not the test's failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });

  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/login/', payload: { username, password } });
  const listLines = async () => {
    const result = await cli(['users:list']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    return result.stdout.trimEnd().split('\n').filter(Boolean);
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp();
    db = world.db();
    cwd = mkdtempSync(join(tmpdir(), 'tubevault-cli-'));
  });
  afterAll(async () => {
    await world.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('creates users and admins, printing the id; users:list shows them', async () => {
    const alice = await cli(['users:create', 'alice'], 'alice password\n');
    expect(alice).toEqual({ status: 0, stdout: expect.stringMatching(/^\d+\n$/), stderr: '' });
    const root = await cli(['users:create', 'root', '--admin'], 'root password\n');
    expect(root.status).toBe(0);
    const [aliceId, rootId] = [alice, root].map((r) => Number(r.stdout.trim()));

    const { rows } = await db.query('SELECT id, username, is_admin FROM users ORDER BY id');
    expect(rows).toEqual([
      { id: aliceId, username: 'alice', is_admin: false },
      { id: rootId, username: 'root', is_admin: true },
    ]);

    const lines = await listLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${aliceId}\talice\tuser\t`));
    expect(lines[1]).toMatch(new RegExp(`^${rootId}\troot\tadmin\t`));
    for (const line of lines) expect(line.split('\t')[3]).toMatch(ISO_8601);

    expect((await login('alice', 'alice password')).statusCode).toBe(200);
  });

  it('sets a password: the server accepts the new one and refuses the old', async () => {
    expect((await cli(['users:create', 'bob'], 'bob password\n')).status).toBe(0);
    const result = await cli(['users:set-password', 'BOB'], 'brand new password\r\n');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect((await login('bob', 'brand new password')).statusCode).toBe(200);
    expect((await login('bob', 'bob password')).statusCode).toBe(400);
  });

  it('deletes a user: the row, their sessions, and (through Redis) the running server forgets their token', async () => {
    expect((await cli(['users:create', 'carol'], 'carol password\n')).status).toBe(0);
    const token = (await login('carol', 'carol password')).json().token as string;
    const ping = () => app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${token}` } });
    expect((await ping()).statusCode).toBe(200);

    const result = await cli(['users:delete', 'carol']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(await listLines()).not.toContainEqual(expect.stringMatching(/\tcarol\t/));
    expect((await db.query("SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'carol'")).rows[0].n).toBe(0);
    // The revocation reaches the server by Redis pub/sub, so allow it a moment.
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await ping()).statusCode;
    }
    expect(status).toBe(403);
    expect((await ping()).json()).toEqual({ detail: 'Invalid token.' });
  });

  it.each([
    ['an invalid name', ['users:create', 'bad name'], 'a password\n', /^tubevault: username must be 1-64 letters, digits or _ \. @ \+ -\n$/],
    ['a taken name (in another case)', ['users:create', 'ALICE'], 'a password\n', /^tubevault: A user named "ALICE" already exists/],
    ['a short password', ['users:create', 'dave'], 'short\n', /^tubevault: password must be 8-1024 characters\n$/],
    ['no password on stdin', ['users:create', 'dave'], '', /^tubevault: no password on stdin/],
    ['an unknown user to delete', ['users:delete', 'nobody'], '', /^tubevault: no user named "nobody"\n$/],
    ['an unknown user to set a password for', ['users:set-password', 'nobody'], 'a password\n', /^tubevault: no user named "nobody"\n$/],
    ['deleting the only admin', ['users:delete', 'root'], '', /^tubevault: "root" is the only admin/],
  ])('fails with exit status 1 and one line on stderr for %s', async (_case, args, stdin, message) => {
    const result = await cli(args, stdin);
    expect(result).toEqual({ status: 1, stdout: '', stderr: expect.stringMatching(message) });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect((await db.query("SELECT 1 FROM users WHERE username IN ('dave', 'bad name')")).rowCount).toBe(0);
  });

  it.each([
    ['an unknown command', ['users:frobnicate']],
    ['no command', []],
    ['a missing name', ['users:create']],
    ['an unknown option', ['users:list', '--all']],
  ])('prints usage and exits with status 2 for %s', async (_case, args) => {
    const result = await cli(args);
    expect(result.status).toBe(2);
    expect(result.stdout + result.stderr).toContain('Usage: npm run cli -- <command>');
  });

  it.each([
    ['users:delete', ['users:delete', 'alice'], ''],
    ['users:set-password', ['users:set-password', 'alice'], 'another password\n'],
  ])('refuses %s with DATABASE_URL but no REDIS_URL: a running server would not hear that sessions ended', async (_command, args, stdin) => {
    const token = (await login('alice', 'alice password')).json().token as string;
    const result = await runCli(args, { DATABASE_URL: world.databaseUrl, REDIS_PREFIX: world.redisPrefix }, cwd, stdin);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(/^tubevault: .*REDIS_URL is unset \(DATABASE_URL is set\).*Set REDIS_URL and REDIS_PREFIX to the values the server uses/),
    });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    // Nothing changed: alice, her password and her session are as they were.
    expect((await app.inject({ method: 'GET', url: '/api/ping/', headers: { authorization: `Token ${token}` } })).statusCode).toBe(200);
    expect((await login('alice', 'alice password')).statusCode).toBe(200);
  });

  it('runs migrations: none are pending on a migrated database', async () => {
    const result = await cli(['migration:run']);
    expect(result).toEqual({ status: 0, stdout: 'schema up to date: no pending migrations\n', stderr: '' });
  });
});
