import { isYoutubeDomain, normaliseCookieText, parseCookieFile } from './netscape-cookies.js';

/** The browser extension v0.3.2's export: header, two comment lines, a blank line, TAB-joined cookies. */
const extensionFile = (...lines: string[]) =>
  ['# Netscape HTTP Cookie File', '# https://curl.haxx.se/rfc/cookie_spec.html', '# This is a generated file! Do not edit.', '', ...lines].join('\n');
const SID = '.youtube.com\tTRUE\t/\tTRUE\t0\tSID\tgood';

describe('parseCookieFile', () => {
  it("imports the extension's exact output", () => {
    const file = parseCookieFile(extensionFile(SID, '.youtube.com\tTRUE\t/\tFALSE\t1900000000\tHSID\tx'));
    expect(file).toEqual({
      ok: true,
      text: extensionFile(SID, '.youtube.com\tTRUE\t/\tFALSE\t1900000000\tHSID\tx'),
      youtubeCookies: [
        { line: 5, domain: '.youtube.com', includeSubdomains: true, path: '/', secure: true, httpOnly: false, expires: 0, name: 'SID', value: 'good' },
        { line: 6, domain: '.youtube.com', includeSubdomains: true, path: '/', secure: false, httpOnly: false, expires: 1900000000, name: 'HSID', value: 'x' },
      ],
      skippedLines: [],
    });
  });

  it('accepts the short "# HTTP Cookie File" header anywhere in the first line', () => {
    expect(parseCookieFile(`  # HTTP Cookie File for me\n${SID}`).ok).toBe(true);
  });

  it('strips NUL characters, a leading BOM and CR line ends', () => {
    const raw = `\uFEFF# Netscape\0 HTTP Cookie File\r\n.you\0tube.com\tTRUE\t/\tTRUE\t0\tSID\tgood\r\rother\n`;
    const file = parseCookieFile(raw);
    expect(file.ok && file.text).toBe(`# Netscape HTTP Cookie File\n${SID}\n\nother\n`);
    expect(file.ok && file.youtubeCookies.map((c) => [c.line, c.name, c.value])).toEqual([[2, 'SID', 'good']]);
    expect(file.ok && file.skippedLines).toEqual([4]);
  });

  it('drops only one leading BOM', () => {
    expect(normaliseCookieText('\uFEFF\uFEFFx')).toBe('\uFEFFx');
  });

  it('reads #HttpOnly_ lines as data and skips other comments and blank lines', () => {
    const file = parseCookieFile(extensionFile('# .youtube.com\tTRUE\t/\tTRUE\t0\tOLD\tx', '   ', `#HttpOnly_${SID}`));
    expect(file.ok && file.youtubeCookies).toEqual([expect.objectContaining({ line: 7, domain: '.youtube.com', name: 'SID', httpOnly: true })]);
  });

  it('skips lines without exactly 7 fields, an empty name or a non-numeric expiry, naming none of their text', () => {
    const file = parseCookieFile(
      extensionFile(
        '.youtube.com\tTRUE\t/\tTRUE\t0\tSID',
        '.youtube.com\tTRUE\t/\tTRUE\t0\tA\tb\textra',
        '.youtube.com\tTRUE\t/\tTRUE\t0\t\tnameless',
        '.youtube.com\tTRUE\t/\tTRUE\t-1\tNEG\tx',
        '.youtube.com\tTRUE\t/\tTRUE\t1.5\tFRACTION\tx',
        '.youtube.com\tTRUE\t/\tTRUE\t\tSESSION\tx',
      ),
    );
    expect(file.ok && file.skippedLines).toEqual([5, 6, 7, 8, 9]);
    expect(file.ok && file.youtubeCookies).toEqual([expect.objectContaining({ name: 'SESSION', expires: 0 })]);
  });

  it('reads flags as true only for TRUE in any case, and never rejects a line for them', () => {
    const file = parseCookieFile(extensionFile('.youtube.com\ttrue\t/\tyes\t0\tSID\tgood'));
    expect(file.ok && file.youtubeCookies[0]).toMatchObject({ includeSubdomains: true, secure: false });
  });

  it('keeps only youtube.com and its subdomains as YouTube cookies, in file order', () => {
    const file = parseCookieFile(
      extensionFile(
        'www.youtube.com\tFALSE\t/\tFALSE\t0\tA\t1',
        '.google.com\tTRUE\t/\tTRUE\t0\tG\t2',
        'YouTube.com\tFALSE\t/\tFALSE\t0\tB\t3',
        '.notyoutube.com\tTRUE\t/\tTRUE\t0\tN\t4',
        'm.youtube.com\tFALSE\t/\tFALSE\t0\tC\t5',
      ),
    );
    expect(file.ok && file.youtubeCookies.map((c) => c.name)).toEqual(['A', 'B', 'C']);
    // Other sites' cookies stay in the stored text.
    expect(file.ok && file.text).toContain('.google.com\tTRUE\t/\tTRUE\t0\tG\t2');
  });

  it.each([
    ['an empty file', '', /^line 1: not a Netscape cookies\.txt header/],
    ['a missing header', SID, /^line 1: not a Netscape cookies\.txt header/],
    ['a JSON export', '[{"domain":".youtube.com","name":"SID","value":"good"}]', /^line 1: this is a JSON cookie export/],
    ['JSON after the header', extensionFile(SID, '  {"domain": ".youtube.com"}'), /^line 6: JSON in a cookies\.txt file/],
    ['a quoted JSON line after the header', extensionFile('"SID": "good"', SID), /^line 5: JSON/],
    ['no YouTube cookie', extensionFile('.google.com\tTRUE\t/\tTRUE\t0\tSID\tgood'), /^no youtube\.com cookie in the file$/],
    [
      'only malformed lines',
      extensionFile('.youtube.com TRUE / TRUE 0 SID good', 'x'),
      /^no youtube\.com cookie in the file \(lines not of 7 TAB-separated fields: 5, 6\)$/,
    ],
  ])('refuses %s with a reason naming the line', (_case, text, reason) => {
    const file = parseCookieFile(text);
    expect(file.ok).toBe(false);
    expect(!file.ok && file.reason).toMatch(reason);
    expect(!file.ok && file.reason).not.toContain('good');
  });

  it('names at most 10 skipped lines', () => {
    const file = parseCookieFile(extensionFile(...Array.from({ length: 12 }, () => 'bad')));
    expect(!file.ok && file.reason).toBe(
      'no youtube.com cookie in the file (lines not of 7 TAB-separated fields: 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 and 2 more)',
    );
  });
});

describe('isYoutubeDomain', () => {
  it.each([
    ['youtube.com', true],
    ['.youtube.com', true],
    ['.WWW.YouTube.com', true],
    ['youtube.com.evil', false],
    ['evilyoutube.com', false],
  ])('%s → %p', (domain, expected) => expect(isYoutubeDomain(domain)).toBe(expected));
});
