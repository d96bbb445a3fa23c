/** The outcome of a check; `reason` is safe to log and to answer: it never quotes the cookie. */
export type CookieCheck = { valid: true } | { valid: false; reason: string };

export interface CookieCheckerOptions {
  /** For the whole exchange, body included. */
  timeoutMs?: number;
  /** Bytes of the page read at most while looking for the signed-in marker. */
  maxBodyBytes?: number;
}

/** yt-dlp reads this key of the page's `ytcfg` to tell whether the request was signed in. */
const SIGNED_IN = Buffer.from('"LOGGED_IN":true');
const DESKTOP_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Whether the first `maxBytes` of the body contain `needle`. Chunks are searched as they arrive,
 * keeping the tail of the previous one so a marker split across two chunks is still found.
 */
async function bodyContains(body: ReadableStream<Uint8Array> | null, needle: Buffer, maxBytes: number): Promise<boolean> {
  if (!body) return false;
  const reader = body.getReader();
  let tail = Buffer.alloc(0);
  let read = 0;
  try {
    while (read < maxBytes) {
      const { done, value } = await reader.read();
      if (done) return false;
      const chunk = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, maxBytes - read));
      read += chunk.length;
      const window = Buffer.concat([tail, chunk]);
      if (window.includes(needle)) return true;
      tail = window.subarray(Math.max(0, window.length - needle.length + 1));
    }
    return false;
  } finally {
    // Stop the download (and free the connection); a stream that already failed rejects here.
    await reader.cancel().catch(() => undefined);
  }
}

/** Names a failed request by its error code only: error messages may echo request details. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; cause?: { code?: string; name?: string } } | undefined;
  if (failure?.name === 'TimeoutError') return `YouTube did not answer within ${timeoutMs / 1000} s`;
  return `YouTube could not be reached (${failure?.cause?.code ?? failure?.cause?.name ?? failure?.name ?? 'unknown error'})`;
}

/**
 * The check of docs/dialects/tubearchivist.md#cookie-check: one request for the account's Liked-videos list, which
 * YouTube only serves signed in. Redirects are not followed: YouTube answers bad cookies with a
 * consent or sign-in redirect.
 */
export class YoutubeCookieChecker {
  private readonly checkUrl: string;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(youtubeUrl: string, options: CookieCheckerOptions = {}) {
    this.checkUrl = `${youtubeUrl.replace(/\/+$/, '')}/playlist?list=LL`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Never throws: a network failure or timeout is an invalid cookie with its reason. */
  async check(cookieHeader: string): Promise<CookieCheck> {
    try {
      const response = await fetch(this.checkUrl, {
        headers: { cookie: cookieHeader, 'accept-language': 'en-US,en;q=0.9', 'user-agent': DESKTOP_USER_AGENT },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        return { valid: false, reason: `YouTube answered HTTP ${response.status} instead of the signed-in page` };
      }
      if (await bodyContains(response.body, SIGNED_IN, this.maxBodyBytes)) return { valid: true };
      return { valid: false, reason: 'YouTube did not accept the cookie: the page is not signed in ("LOGGED_IN":true is missing)' };
    } catch (error) {
      return { valid: false, reason: describeFailure(error, this.timeoutMs) };
    }
  }
}
