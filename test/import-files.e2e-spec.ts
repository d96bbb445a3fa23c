import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_ENV } from './support/auth.js';
import { DbSnapshotter } from './support/db-snapshot.js';
import { fakeChannelId } from './support/fake-upstream.js';
import { LibraryClient } from './support/library-client.js';
import { assertDescribedBySpec } from './support/openapi-validator.js';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(60_000);

const run = promisify(execFile);
const CURL = '/usr/bin/curl';
const IMPORT_FILE = '/api/v1/auth/import/subscriptions';
const IMPORT = '/api/v1/auth/import/invidious';
const EXPORT = '/api/v1/auth/export/invidious';
const SUBSCRIPTIONS = '/api/v1/auth/subscriptions';
const MIB = 1024 * 1024;

const A = fakeChannelId(51);
const B = fakeChannelId(52);
const CSV = `Channel Id,Channel Url,Channel Title\r\n${A},http://www.youtube.com/channel/${A},"Fifty-one, the channel"\r\n${B},http://www.youtube.com/channel/${B},B\r\n`;
const OPML = `<?xml version="1.0"?>\n<opml version="1.1"><body><outline text="YouTube Subscriptions">\n<outline text="A" type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${A}"/>\n<outline text="B" type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${B}"/>\n</outline></body></opml>\n`;
const NEWPIPE = JSON.stringify({
  app_version: '0.27.0',
  app_version_int: 1000,
  subscriptions: [A, B].map((id) => ({ service_id: 0, url: `https://www.youtube.com/channel/${id}`, name: id })),
});
const SUBSCRIPTIONS_ACCEPTED =
  'send application/json, text/csv, text/x-opml, application/xml, text/xml, text/plain or application/octet-stream (the file as the body), or multipart/form-data with the file in the part "file"';

interface CurlAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * The files as people have them, and curl as they run it: real HTTP to the app on a loopback port
 * (not `app.inject`), so what crosses the wire is what curl makes of `--data-binary @file` and `-F file=@file`.
 */
describe('import routes take files: raw bodies and multipart, over real HTTP (docs/dialects/invidious.md#import-and-export)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let dir: string;
  let snapshots: DbSnapshotter;
  /** What the JSON wrapper imports: every other way must give the same list. */
  let expected: unknown;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ...ADMIN_ENV, ROLE: 'api' });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    snapshots = new DbSnapshotter(world.db());
    dir = mkdtempSync(join(tmpdir(), 'tubevault-import-'));
    writeFileSync(join(dir, 'subscriptions.csv'), CSV);
    writeFileSync(join(dir, 'subscriptions.opml'), OPML);
    writeFileSync(join(dir, 'newpipe.json'), NEWPIPE);
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'broken.csv'), `Channel Id,Channel Url,Channel Title\n${A},u,fine\nUCbroken,u,bad\n`);
    writeFileSync(join(dir, 'large.csv'), `Channel Id,Channel Url,Channel Title\n${`${A},u,${'x'.repeat(100)}\n`.repeat(Math.ceil(MIB / 100))}`);
    writeFileSync(join(dir, 'picture.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const reference = await LibraryClient.newUser(app);
    await reference.noContent('POST', IMPORT_FILE, { json: { content: CSV } });
    expected = await reference.getJson(SUBSCRIPTIONS);
    expect(expected).toEqual([
      { author: '', authorId: A },
      { author: '', authorId: B },
    ]);
  });
  afterAll(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** curl against the app; the answer is checked against the OpenAPI document like every `app.inject` one. */
  async function curl(user: LibraryClient, path: string, args: string[]): Promise<CurlAnswer> {
    const out = join(dir, `answer-${Math.random().toString(36).slice(2)}`);
    const { stdout } = await run(
      CURL,
      ['-sS', '-o', out, '-w', '%{http_code}\t%{content_type}', '-H', `Authorization: ${user.authorization}`, ...args, `${baseUrl}${path}`],
      {
        cwd: dir,
      },
    );
    const [status, contentType] = stdout.split('\t');
    const body = readFileSync(out, 'utf8');
    rmSync(out);
    assertDescribedBySpec('POST', path, Number(status), contentType || undefined, body);
    return { status: Number(status), contentType, body };
  }

  const raw = (file: string, type: string) => ['--data-binary', `@${file}`, '-H', `Content-Type: ${type}`];

  describe('POST import/subscriptions', () => {
    it.each([
      ['a YouTube Takeout CSV as text/csv', raw('subscriptions.csv', 'text/csv')],
      ['a CSV as text/csv with a charset', raw('subscriptions.csv', 'text/csv; charset=utf-8')],
      ['OPML as text/x-opml', raw('subscriptions.opml', 'text/x-opml')],
      ['OPML as application/xml', raw('subscriptions.opml', 'application/xml')],
      ['OPML as text/xml', raw('subscriptions.opml', 'text/xml')],
      ["NewPipe's export as the application/json body", raw('newpipe.json', 'application/json')],
      ['a CSV as application/octet-stream (the content decides)', raw('subscriptions.csv', 'application/octet-stream')],
      ['OPML as text/plain (the content decides)', raw('subscriptions.opml', 'text/plain')],
      ['NewPipe as application/octet-stream (the content decides)', raw('newpipe.json', 'application/octet-stream')],
      ['-F file=@subscriptions.csv (the part is application/octet-stream)', ['-F', 'file=@subscriptions.csv']],
      ['-F file=@subscriptions.csv;type=text/csv', ['-F', 'file=@subscriptions.csv;type=text/csv']],
      ['-F file=@subscriptions.opml;type=text/x-opml', ['-F', 'file=@subscriptions.opml;type=text/x-opml']],
      ['-F file=@newpipe.json;type=application/json', ['-F', 'file=@newpipe.json;type=application/json']],
      ['-F file=@newpipe.json', ['-F', 'file=@newpipe.json']],
    ])('imports %s like the JSON wrapper', async (_name, args) => {
      const user = await LibraryClient.newUser(app);
      const answer = await curl(user, IMPORT_FILE, args);
      expect([answer.status, answer.body]).toEqual([204, '']);
      expect(await user.getJson(SUBSCRIPTIONS)).toEqual(expected);
    });

    it('lets the media type choose the parser: a CSV sent as OPML is refused as OPML', async () => {
      const user = await LibraryClient.newUser(app);
      const answer = await curl(user, IMPORT_FILE, raw('subscriptions.csv', 'text/x-opml'));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/^OPML: .*; nothing was imported$/);
    });

    describe('refusals change nothing', () => {
      let user: LibraryClient;
      beforeAll(async () => {
        user = await LibraryClient.newUser(app);
        await user.noContent('POST', IMPORT_FILE, { json: { content: `Channel Id\n${fakeChannelId(59)}\n` } });
      });

      const refused = async (args: string[], status: number, error: string, path = IMPORT_FILE) => {
        const before = await snapshots.take();
        const answer = await curl(user, path, args);
        expect([answer.status, answer.contentType, JSON.parse(answer.body)]).toEqual([status, 'application/json; charset=utf-8', { error }]);
        expect(DbSnapshotter.diff(before, await snapshots.take())).toEqual([]);
        expect(await user.getJson(SUBSCRIPTIONS)).toEqual([{ author: '', authorId: fakeChannelId(59) }]);
      };

      it('415 for a media type the route does not take, naming those it takes', async () => {
        await refused(raw('picture.png', 'image/png'), 415, `Unsupported Content-Type 'image/png': ${SUBSCRIPTIONS_ACCEPTED}`);
        // What `curl --data-binary @file` sends when no type is given.
        await refused(['--data-binary', '@subscriptions.csv'], 415, `Unsupported Content-Type 'application/x-www-form-urlencoded': ${SUBSCRIPTIONS_ACCEPTED}`);
      });

      it('413 for a file over the 1 MiB body limit, raw or multipart', async () => {
        await refused(raw('large.csv', 'text/csv'), 413, 'Request body is larger than 1 MiB');
        await refused(['-F', 'file=@large.csv'], 413, 'Request body is larger than 1 MiB');
      });

      it('400 for an empty file', async () => {
        await refused(raw('empty.csv', 'text/csv'), 400, 'The body is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export');
        await refused(['-F', 'file=@empty.csv'], 400, 'The "file" part is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export');
      });

      it('400 for a bad file, naming the line, as the JSON wrapper does', async () => {
        const error = 'line 3, field "Channel Id": "UCbroken" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -); nothing was imported';
        await refused(raw('broken.csv', 'text/csv'), 400, error);
        await refused(raw('broken.csv', 'application/octet-stream'), 400, error);
        await refused(['-F', 'file=@broken.csv'], 400, error);
        const wrapped = await user.request('POST', IMPORT_FILE, { json: { content: readFileSync(join(dir, 'broken.csv'), 'utf8') } });
        expect([wrapped.statusCode, wrapped.json()]).toEqual([400, { error }]);
      });

      it('400 for a form without its one "file" part', async () => {
        await refused(
          ['-F', 'upload=@subscriptions.csv'],
          400,
          'multipart/form-data takes one part, "file", with the file (curl -F file=@<path>); found "upload"',
        );
        await refused(
          ['-F', 'file=@subscriptions.csv', '-F', 'note=hi'],
          400,
          'multipart/form-data takes one part, "file", with the file (curl -F file=@<path>); found "note"',
        );
      });

      it('400 for bytes that are not UTF-8 text', async () => {
        await refused(raw('picture.png', 'text/csv'), 400, 'The file is not UTF-8 text');
      });
    });
  });

  describe('POST import/invidious', () => {
    let exported: unknown;
    beforeAll(async () => {
      const alice = await LibraryClient.newUser(app);
      await alice.noContent('POST', IMPORT_FILE, { json: { content: CSV } });
      await alice.noContent('POST', '/api/v1/auth/history/impf0000001');
      await alice.setPreferences({ volume: 15, speed: 1.25 });
      exported = await alice.getJson(EXPORT);
      writeFileSync(join(dir, 'subscription_manager.json'), JSON.stringify(exported));
      writeFileSync(join(dir, 'bad-export.json'), JSON.stringify({ subscriptions: [A, 'UCnope'] }));
    });

    it.each([
      ['the export as the application/json body', raw('subscription_manager.json', 'application/json')],
      ['the export as application/octet-stream', raw('subscription_manager.json', 'application/octet-stream')],
      ['-F file=@subscription_manager.json', ['-F', 'file=@subscription_manager.json']],
      ['-F file=@subscription_manager.json;type=application/json', ['-F', 'file=@subscription_manager.json;type=application/json']],
    ])('imports %s', async (_name, args) => {
      const user = await LibraryClient.newUser(app);
      const answer = await curl(user, IMPORT, args);
      expect([answer.status, answer.body]).toEqual([204, '']);
      expect(await user.getJson(EXPORT)).toEqual(exported);
    });

    it('imports the export wrapped as {"content": "<the file>"}', async () => {
      const user = await LibraryClient.newUser(app);
      await user.noContent('POST', IMPORT, { json: { content: JSON.stringify(exported) } });
      expect(await user.getJson(EXPORT)).toEqual(exported);
    });

    it("refuses with the JSON body's messages, a 415 naming the types it takes, and changes nothing", async () => {
      const user = await LibraryClient.newUser(app);
      const before = await snapshots.take();
      const error = 'subscriptions[1]: "UCnope" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -); nothing was imported';
      for (const args of [raw('bad-export.json', 'application/json'), raw('bad-export.json', 'application/octet-stream'), ['-F', 'file=@bad-export.json']]) {
        const answer = await curl(user, IMPORT, args);
        expect([answer.status, JSON.parse(answer.body)]).toEqual([400, { error }]);
      }
      const csv = await curl(user, IMPORT, ['-F', 'file=@subscriptions.csv']);
      expect([csv.status, JSON.parse(csv.body).error]).toEqual([400, expect.stringMatching(/^The "file" part is not valid JSON/)]);
      const empty = await curl(user, IMPORT, raw('empty.csv', 'application/octet-stream'));
      expect([empty.status, JSON.parse(empty.body)]).toEqual([400, { error: 'The body is empty: send an Invidious export (JSON)' }]);
      for (const type of ['text/plain', 'text/csv']) {
        const answer = await curl(user, IMPORT, raw('subscription_manager.json', type));
        expect([answer.status, JSON.parse(answer.body)]).toEqual([
          415,
          {
            error: `Unsupported Content-Type '${type}': send application/json or application/octet-stream (the file as the body), or multipart/form-data with the file in the part "file"`,
          },
        ]);
      }
      const large = await curl(user, IMPORT, ['-F', 'file=@large.csv']);
      expect([large.status, JSON.parse(large.body)]).toEqual([413, { error: 'Request body is larger than 1 MiB' }]);
      expect(DbSnapshotter.diff(before, await snapshots.take())).toEqual([]);
    });
  });

  describe('other routes answer the file media types as before', () => {
    it.each(['text/csv', 'text/x-opml', 'application/xml', 'text/xml', 'text/plain', 'application/octet-stream'])('%s → 415 asking for JSON', async (type) => {
      const user = await LibraryClient.newUser(app);
      const before = await snapshots.take();
      const invidious = await user.request('POST', '/api/v1/auth/preferences', { headers: { 'content-type': type }, payload: 'volume,10\n' });
      expect([invidious.statusCode, invidious.json()]).toEqual([415, { error: `Unsupported Content-Type '${type}': send application/json` }]);
      // Refused before the body is read: a body over the limit is still a 415, not a 413.
      const big = await user.request('POST', '/api/v1/auth/playlists', { headers: { 'content-type': type }, payload: 'x'.repeat(MIB + 10) });
      expect([big.statusCode, big.json()]).toEqual([415, { error: `Unsupported Content-Type '${type}': send application/json` }]);
      const ta = await user.request('POST', '/api/watched/', { headers: { 'content-type': type }, payload: 'x' });
      expect([ta.statusCode, ta.json()]).toEqual([415, { detail: `Unsupported media type "${type}" in request.` }]);
      // An unknown route stays a 404, and a GET ignores the body.
      const unknown = await user.request('POST', '/api/v1/auth/no-such-route', { headers: { 'content-type': type }, payload: 'x'.repeat(MIB + 10) });
      expect([unknown.statusCode, unknown.json()]).toEqual([404, { error: "Requested path: 'POST:/api/v1/auth/no-such-route' was not found." }]);
      const get = await user.request('GET', SUBSCRIPTIONS, { headers: { 'content-type': type } });
      expect(get.statusCode).toBe(200);
      expect(DbSnapshotter.diff(before, await snapshots.take())).toEqual([]);
    });
  });
});
