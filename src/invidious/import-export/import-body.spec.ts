import { ApiError } from '../../platform/http/api-error.js';
import { FileBody } from '../../platform/http/file-body.js';
import { invidiousImportOfBody, subscriptionFileOfBody } from './import-body.js';
import { IMPORT_NOT_AN_OBJECT } from './invidious-import.js';

const UCID = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const CSV = `Channel Id,Channel Url,Channel Title\n${UCID},u,t\n`;
const NEWPIPE = { app_version: '0.27.0', subscriptions: [{ service_id: 0, url: `https://www.youtube.com/channel/${UCID}`, name: 'R' }] };

function refusal(run: () => unknown): [number, string] {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return [error.getStatus(), (error.body as { error: string }).error];
    throw error;
  }
  throw new Error('accepted');
}

describe('subscription file of a request body', () => {
  it.each([
    ['text/csv', 'csv'],
    ['text/x-opml', 'opml'],
    ['application/xml', 'opml'],
    ['text/xml', 'opml'],
    ['application/json', 'newpipe'],
  ] as const)('takes the format a raw body or part of type %s names', (type, format) => {
    expect(subscriptionFileOfBody(new FileBody('x', type, 'body'))).toEqual({ text: 'x', format });
    expect(subscriptionFileOfBody(new FileBody('x', type, 'multipart'))).toEqual({ text: 'x', format });
  });

  it.each([['text/plain'], ['application/octet-stream'], ['image/png'], [undefined]])('leaves the format to the content for %s', (type) => {
    expect(subscriptionFileOfBody(new FileBody(CSV, type, 'multipart'))).toEqual({ text: CSV });
  });

  it('refuses an empty or blank file with 400, naming where it came from', () => {
    expect(refusal(() => subscriptionFileOfBody(new FileBody('', 'text/csv', 'body')))).toEqual([
      400,
      'The body is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export',
    ]);
    expect(refusal(() => subscriptionFileOfBody(new FileBody('\uFEFF \n', undefined, 'multipart')))).toEqual([
      400,
      'The "file" part is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export',
    ]);
  });

  it("reads NewPipe's export sent as the JSON body", () => {
    expect(subscriptionFileOfBody(NEWPIPE)).toEqual({ text: JSON.stringify(NEWPIPE), format: 'newpipe' });
  });

  it('reads anything else in JSON as the {"content"} wrapper, with its messages', () => {
    expect(subscriptionFileOfBody({ content: CSV })).toEqual({ text: CSV });
    expect(refusal(() => subscriptionFileOfBody({ content: CSV, subscriptions: [] }))[1]).toMatch(/^Unknown keys: subscriptions\. /);
    expect(refusal(() => subscriptionFileOfBody({ file: CSV }))[1]).toMatch(/^Unknown keys: file\. /);
    expect(refusal(() => subscriptionFileOfBody(undefined))[1]).toMatch(/^Send a JSON object/);
    expect(refusal(() => subscriptionFileOfBody([]))[1]).toMatch(/^Send a JSON object/);
  });
});

describe('Invidious import of a request body', () => {
  const exported = { subscriptions: [UCID], watch_history: ['dQw4w9WgXcQ'] };
  const expected = { subscriptions: [UCID], watchHistory: ['dQw4w9WgXcQ'], preferences: {}, playlists: [] };

  it('reads the export as the JSON body, a raw or multipart file, or wrapped in {"content"}', () => {
    expect(invidiousImportOfBody(exported)).toEqual(expected);
    expect(invidiousImportOfBody(new FileBody(`\uFEFF${JSON.stringify(exported)}`, 'application/octet-stream', 'body'))).toEqual(expected);
    expect(invidiousImportOfBody(new FileBody(JSON.stringify(exported), 'text/csv', 'multipart'))).toEqual(expected);
    expect(invidiousImportOfBody({ content: JSON.stringify(exported) })).toEqual(expected);
  });

  it('checks a file like the JSON body: the same messages', () => {
    const bad = JSON.stringify({ subscriptions: ['UCnope'] });
    const message = refusal(() => invidiousImportOfBody(JSON.parse(bad)));
    expect(message[1]).toMatch(/^subscriptions\[0\]: "UCnope" is not valid/);
    expect(refusal(() => invidiousImportOfBody(new FileBody(bad, undefined, 'multipart')))).toEqual(message);
    expect(refusal(() => invidiousImportOfBody({ content: bad }))).toEqual(message);
    expect(refusal(() => invidiousImportOfBody(new FileBody('[1]', undefined, 'body')))).toEqual([400, `${IMPORT_NOT_AN_OBJECT}; nothing was imported`]);
  });

  it('refuses an empty file, and a file or content that is not JSON, with 400 naming it', () => {
    expect(refusal(() => invidiousImportOfBody(new FileBody(' ', 'application/octet-stream', 'body')))).toEqual([
      400,
      'The body is empty: send an Invidious export (JSON)',
    ]);
    expect(refusal(() => invidiousImportOfBody(new FileBody('{"subscriptions": [', undefined, 'multipart')))).toEqual([
      400,
      `The "file" part is not valid JSON. ${IMPORT_NOT_AN_OBJECT}`,
    ]);
    expect(refusal(() => invidiousImportOfBody({ content: 'nope' }))).toEqual([400, `The "content" string is not valid JSON. ${IMPORT_NOT_AN_OBJECT}`]);
    expect(refusal(() => invidiousImportOfBody({ content: 5 }))).toEqual([
      400,
      `content: expected the export's text as a non-empty string. ${IMPORT_NOT_AN_OBJECT}`,
    ]);
  });

  it('keeps refusing unknown keys beside content', () => {
    expect(refusal(() => invidiousImportOfBody({ content: '{}', junk: 1 }))[1]).toMatch(/^Unknown keys: content, junk/);
  });
});
