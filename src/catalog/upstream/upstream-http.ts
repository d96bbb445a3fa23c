import { setTimeout as sleep } from 'node:timers/promises';
import { APP_INFO } from '../../platform/app-info.js';
import { found, notFound, UpstreamMalformedError, UpstreamRejectedError, UpstreamUnavailableError, type Lookup } from './upstream.js';

export interface UpstreamHttpOptions {
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Tries in all for network errors, timeouts, 429 and 5xx. */
  attempts: number;
  /** Wait before the first retry; doubled for each further one. */
  backoffMs: number;
  /** A 429/503 Retry-After longer than this is cut to it. */
  maxRetryAfterMs: number;
  maxBodyBytes: number;
}

export const DEFAULT_UPSTREAM_HTTP_OPTIONS: UpstreamHttpOptions = {
  timeoutMs: 10_000,
  attempts: 3,
  backoffMs: 500,
  maxRetryAfterMs: 30_000,
  maxBodyBytes: 32 * 1024 * 1024,
};

/** A failure worth another try, with how long to wait first (from Retry-After) if the server said. */
class RetryableFailure {
  constructor(
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {}
}

export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * GET requests to one upstream base URL with global `fetch`: a timeout per attempt, retries with
 * exponential backoff on network errors, timeouts, 429 and 5xx; 404/410 is a `notFound` result.
 */
export class UpstreamHttp {
  readonly options: UpstreamHttpOptions;

  constructor(
    readonly baseUrl: string,
    options: Partial<UpstreamHttpOptions> = {},
  ) {
    this.options = { ...DEFAULT_UPSTREAM_HTTP_OPTIONS, ...options };
  }

  /** `pathAndQuery` is resolved against the base URL, keeping the base's own path prefix. */
  url(pathAndQuery: string): string {
    return this.baseUrl.replace(/\/+$/, '') + pathAndQuery;
  }

  async getText(pathAndQuery: string, accept: string): Promise<Lookup<string>> {
    const url = this.url(pathAndQuery);
    const { attempts, backoffMs, maxRetryAfterMs } = this.options;
    let failure: RetryableFailure | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (failure) await sleep(Math.min(failure.retryAfterMs ?? backoffMs * 2 ** (attempt - 2), maxRetryAfterMs));
      const outcome = await this.attempt(url, accept);
      if (!(outcome instanceof RetryableFailure)) return outcome;
      failure = outcome;
    }
    throw new UpstreamUnavailableError(`upstream GET ${url} failed ${attempts} time(s), last: ${failure!.reason}`);
  }

  private async attempt(url: string, accept: string): Promise<Lookup<string> | RetryableFailure> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { signal, headers: { accept, 'user-agent': `tubevault/${APP_INFO.version}` } });
    } catch (error) {
      return new RetryableFailure(this.describe(error));
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return notFound;
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      return new RetryableFailure(`HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      throw new UpstreamRejectedError(`upstream GET ${url} was refused: HTTP ${response.status}`);
    }
    try {
      return found(await this.readBody(response, url));
    } catch (error) {
      if (error instanceof UpstreamMalformedError) throw error;
      return new RetryableFailure(this.describe(error));
    }
  }

  private readBody(response: Response, url: string): Promise<string> {
    const limit = this.options.maxBodyBytes;
    return readLimited(response, limit, () => new UpstreamMalformedError(`malformed upstream response to GET ${url}: body larger than ${limit} bytes`));
  }

  private describe(error: unknown): string {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${this.options.timeoutMs} ms`;
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  }
}

/** The body as UTF-8 text; past `limit` bytes the download is cancelled and `tooLarge()` is thrown. */
export async function readLimited(response: Response, limit: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limit) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An upstream source read over HTTP: `http` holds its base URL and the timeouts, retries and size limit of every request. */
export abstract class HttpUpstream {
  protected readonly http: UpstreamHttp;

  constructor(baseUrl: string, options: Partial<UpstreamHttpOptions> = {}) {
    this.http = new UpstreamHttp(baseUrl, options);
  }
}
