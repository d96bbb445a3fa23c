import type { FastifyRequest } from 'fastify';
import { parseMultipartBody, parseMultipartParts } from './multipart.js';

const request = (boundary = 'x') => ({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }) as unknown as FastifyRequest;
const part = (headers: string, content: string) => `--x\r\n${headers}\r\n\r\n${content}\r\n`;
const body = (...parts: string[]) => Buffer.from(`${parts.join('')}--x--\r\n`);

describe('multipart/form-data', () => {
  it("gives each part's name, own media type (lower-cased, without parameters) and text", () => {
    const form = body(
      part('Content-Disposition: form-data; name="file"; filename="s.opml"\r\nContent-Type: Text/X-OPML; charset=utf-8', '<opml/>\nü'),
      part('Content-Disposition: form-data; name="note"', 'hi'),
    );
    expect(parseMultipartParts(request(), form)).toEqual([
      { name: 'file', mediaType: 'text/x-opml', text: '<opml/>\nü' },
      { name: 'note', text: 'hi' },
    ]);
  });

  it('gives a form its fields as text, as before', async () => {
    const form = body(part('Content-Disposition: form-data; name="format"', 'subscriptions'), part('Content-Disposition: form-data; name="file"', 'a,b'));
    expect(await parseMultipartBody(request(), form)).toEqual({ format: 'subscriptions', file: 'a,b' });
  });

  it.each([
    ['a repeated name', body(part('Content-Disposition: form-data; name="a"', '1'), part('Content-Disposition: form-data; name="a"', '2')), /repeated/],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(part('Content-Disposition: form-data; name="f"', '')), Buffer.from([0xff, 0x0d, 0x0a]), Buffer.from('--x--\r\n')]),
      /not UTF-8/,
    ],
    ['no closing boundary', Buffer.from(part('Content-Disposition: form-data; name="a"', '1')), /closing boundary/],
  ])('refuses %s with a SyntaxError', (_name, form, message) => {
    expect(() => parseMultipartParts(request(), form)).toThrow(message);
  });
});
