/**
 * Reading a Netscape cookies.txt file as the TubeArchivist Companion extension exports it
 * (docs/dialects/tubearchivist.md#cookie-file-parsing). Pure: no I/O, and no message ever quotes the file's text.
 */

export interface ParsedCookie {
  /** 1-based line number in the file, for messages. */
  line: number;
  domain: string;
  includeSubdomains: boolean;
  path: string;
  /** The extension writes the httpOnly flag into this column; it is kept, never used to reject. */
  secure: boolean;
  httpOnly: boolean;
  /** Unix seconds; 0 for a session cookie (also when the field is empty). */
  expires: number;
  name: string;
  value: string;
}

export type CookieFile =
  | {
      ok: true;
      /** The normalised text, which is what gets stored (other sites' cookies included). */
      text: string;
      /** The cookies of youtube.com and its subdomains, in file order. */
      youtubeCookies: ParsedCookie[];
      /** Data lines that were not 7 valid fields and were skipped (not fatal). */
      skippedLines: number[];
    }
  | { ok: false; reason: string };

const HEADERS = ['# Netscape HTTP Cookie File', '# HTTP Cookie File'];
const HTTP_ONLY_PREFIX = '#HttpOnly_';
const BOM = '\uFEFF';
/** At most this many skipped line numbers are named in a message. */
const NAMED_LINES = 10;

/** Rule 1: NUL characters removed, line ends unified to `\n`, one leading BOM dropped. */
export function normaliseCookieText(raw: string): string {
  const text = raw.replaceAll('\0', '').replace(/\r\n?/g, '\n');
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** A domain, lower-cased without its leading dot, that is youtube.com or one of its subdomains. */
export function isYoutubeDomain(domain: string): boolean {
  const host = domain.toLowerCase().replace(/^\./, '');
  return host === 'youtube.com' || host.endsWith('.youtube.com');
}

const isFlag = (field: string) => field.toUpperCase() === 'TRUE';
/** A JSON cookie export (an array of objects) rather than cookies.txt. */
const looksLikeJson = (line: string) => /^\s*[[{"]/.test(line);

function lineList(lines: number[]): string {
  const named = lines.slice(0, NAMED_LINES).join(', ');
  return lines.length > NAMED_LINES ? `${named} and ${lines.length - NAMED_LINES} more` : named;
}

/** One data line as a cookie, or undefined when it is not exactly 7 valid fields. */
function parseDataLine(line: string, number: number, httpOnly: boolean): ParsedCookie | undefined {
  const fields = line.split('\t');
  if (fields.length !== 7) return undefined;
  const [domain, includeSubdomains, path, secure, expires, name, value] = fields;
  if (name === '' || !/^\d*$/.test(expires)) return undefined;
  return {
    line: number,
    domain,
    includeSubdomains: isFlag(includeSubdomains),
    path,
    secure: isFlag(secure),
    httpOnly,
    expires: expires === '' ? 0 : Number(expires),
    name,
    value,
  };
}

/**
 * Parses the file. Invalid (with a reason naming the line where one is at fault): a first line
 * that is not a cookies.txt header, a JSON export, or no YouTube cookie at all.
 */
export function parseCookieFile(raw: string): CookieFile {
  const text = normaliseCookieText(raw);
  const lines = text.split('\n');
  if (!HEADERS.some((header) => lines[0].includes(header))) {
    if (looksLikeJson(lines[0])) return { ok: false, reason: 'line 1: this is a JSON cookie export; export the cookies in Netscape cookies.txt format' };
    return { ok: false, reason: 'line 1: not a Netscape cookies.txt header (expected "# Netscape HTTP Cookie File")' };
  }

  const youtubeCookies: ParsedCookie[] = [];
  const skippedLines: number[] = [];
  for (let index = 1; index < lines.length; index++) {
    const number = index + 1;
    let line = lines[index];
    const httpOnly = line.startsWith(HTTP_ONLY_PREFIX);
    if (httpOnly) line = line.slice(HTTP_ONLY_PREFIX.length);
    else if (line.startsWith('#') || line.trim() === '') continue;

    const cookie = parseDataLine(line, number, httpOnly);
    if (!cookie) {
      if (looksLikeJson(line)) return { ok: false, reason: `line ${number}: JSON in a cookies.txt file; export the cookies in Netscape cookies.txt format` };
      skippedLines.push(number);
    } else if (isYoutubeDomain(cookie.domain)) {
      youtubeCookies.push(cookie);
    }
  }

  if (youtubeCookies.length === 0) {
    const skipped = skippedLines.length ? ` (lines not of 7 TAB-separated fields: ${lineList(skippedLines)})` : '';
    return { ok: false, reason: `no youtube.com cookie in the file${skipped}` };
  }
  return { ok: true, text, youtubeCookies, skippedLines };
}
