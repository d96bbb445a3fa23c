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

  it.each([
    [new FileBody('', 'text/csv', 'body'), 'The body is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export'],
    [new FileBody('\uFEFF \n', undefined, 'multipart'), 'The "file" part is empty: send a subscriptions CSV, an OPML file or a NewPipe JSON export'],
  ])('refuses an empty or blank file with 400, naming where it came from: %o', (body, message) => {
    expect(refusal(() => subscriptionFileOfBody(body))).toEqual([400, message]);
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

  it.each([
    [new FileBody(' ', 'application/octet-stream', 'body'), 'The body is empty: send an Invidious export (JSON)'],
    [new FileBody('{"subscriptions": [', undefined, 'multipart'), `The "file" part is not valid JSON. ${IMPORT_NOT_AN_OBJECT}`],
    [{ content: 'nope' }, `The "content" string is not valid JSON. ${IMPORT_NOT_AN_OBJECT}`],
    [{ content: 5 }, `content: expected the export's text as a non-empty string. ${IMPORT_NOT_AN_OBJECT}`],
  ])('refuses an empty file, and a file or content that is not JSON, with 400 naming it: %o', (body, message) => {
    expect(refusal(() => invidiousImportOfBody(body))).toEqual([400, message]);
  });

  it('keeps refusing unknown keys beside content', () => {
    expect(refusal(() => invidiousImportOfBody({ content: '{}', junk: 1 }))[1]).toMatch(/^Unknown keys: content, junk/);
  });
});
