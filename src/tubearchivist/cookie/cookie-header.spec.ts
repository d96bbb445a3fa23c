import { youtubeCookieHeader } from './cookie-header.js';
import type { ParsedCookie } from './netscape-cookies.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const cookie = (name: string, value: string, extra: Partial<ParsedCookie> = {}): ParsedCookie => ({
  line: 1,
  domain: '.youtube.com',
  includeSubdomains: true,
  path: '/',
  secure: true,
  httpOnly: false,
  expires: 0,
  name,
  value,
  ...extra,
});

describe('youtubeCookieHeader', () => {
  it('joins name=value pairs in file order', () => {
    expect(youtubeCookieHeader([cookie('SID', 'good'), cookie('CANARY', 'zz9-canary-value'), cookie('SID', 'again')], NOW)).toBe(
      'SID=good; CANARY=zz9-canary-value; SID=again',
    );
  });

  it('drops expired cookies but keeps session cookies and those not yet expired', () => {
    const header = youtubeCookieHeader(
      [
        cookie('SESSION', '1'),
        cookie('OLD', '2', { expires: NOW_SECONDS - 1 }),
        cookie('NOW', '3', { expires: NOW_SECONDS }),
        cookie('LATER', '4', { expires: NOW_SECONDS + 60 }),
      ],
      NOW,
    );
    expect(header).toBe('SESSION=1; NOW=3; LATER=4');
  });

  it.each([
    ['a semicolon in the value', cookie('A', 'x;y')],
    ['a semicolon in the name', cookie('A;B', 'x')],
    ['a control character', cookie('A', 'x\ty')],
    ['DEL', cookie('A', 'x\x7f')],
    ['a line feed', cookie('A\n', 'x')],
    ['non-ASCII', cookie('A', 'café')],
  ])('drops a cookie with %s', (_case, bad) => {
    expect(youtubeCookieHeader([bad, cookie('SID', 'good')], NOW)).toBe('SID=good');
  });

  it('keeps spaces, = and an empty value, which a header can carry', () => {
    expect(youtubeCookieHeader([cookie('A', 'x y=z'), cookie('B', '')], NOW)).toBe('A=x y=z; B=');
  });

  it("never sends another domain's cookie", () => {
    expect(youtubeCookieHeader([cookie('G', '1', { domain: '.google.com' }), cookie('SID', 'good')], NOW)).toBe('SID=good');
  });

  it('is undefined when nothing is left to send', () => {
    expect(youtubeCookieHeader([], NOW)).toBeUndefined();
    expect(youtubeCookieHeader([cookie('OLD', '1', { expires: 1 })], NOW)).toBeUndefined();
  });
});
