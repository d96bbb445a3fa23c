import { setTimeout as sleep } from 'node:timers/promises';
import { APP_INFO } from '../../platform/app-info.js';
import { UpstreamPool, type Lease } from './upstream-pool.js';
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
    readonly rateLimited = false,
  ) {}
}

export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What describes the instances for messages while none can take a request. */
export function poolUnavailableMessage(pool: UpstreamPool, now = Date.now()): string {
  const parts = pool.status().map((s) => {
    if (s.state === 'open' && s.probeAt !== null) return `${s.baseUrl} (failing; next probe in ${Math.max(1, Math.ceil((s.probeAt - now) / 1000))} s)`;
    return `${s.baseUrl} (${s.state === 'half-open' ? 'being probed' : 'busy'})`;
  });
  return `no upstream instance can take a request: ${parts.join(', ')}`;
}

/**
 * GET requests to one upstream base URL, or to the instances of an UpstreamPool, with global
 * `fetch`: a timeout per attempt, retries with exponential backoff on network errors, timeouts,
 * 429 and 5xx; 404/410 is a `notFound` result. With a pool, a failed first attempt is tried again
 * at once on another instance when one can take it, and any later attempt stays on that second
 * instance, so one call involves two instances at most.
 */
export class UpstreamHttp {
  readonly options: UpstreamHttpOptions;
  /** The base URL of a single upstream; the first instance's with a pool. */
  readonly baseUrl: string;
  private readonly pool: UpstreamPool | null;

  constructor(upstream: string | UpstreamPool, options: Partial<UpstreamHttpOptions> = {}) {
    this.options = { ...DEFAULT_UPSTREAM_HTTP_OPTIONS, ...options };
    this.pool = typeof upstream === 'string' ? null : upstream;
    this.baseUrl = typeof upstream === 'string' ? upstream : upstream.instances[0].baseUrl;
  }

  /** `pathAndQuery` is resolved against the base URL, keeping the base's own path prefix. */
  url(pathAndQuery: string, baseUrl = this.baseUrl): string {
    return baseUrl.replace(/\/+$/, '') + pathAndQuery;
  }

  async getText(pathAndQuery: string, accept: string): Promise<Lookup<string>> {
    return (await this.fetchText(pathAndQuery, accept)).result;
  }

  /** The answer and the base URL of the instance that gave it (relative URLs in it are that instance's). */
  async fetchText(pathAndQuery: string, accept: string): Promise<{ result: Lookup<string>; baseUrl: string }> {
    const { attempts, backoffMs, maxRetryAfterMs } = this.options;
    let failure: RetryableFailure | undefined;
    let url = this.url(pathAndQuery);
    const tried: number[] = [];
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let lease: Lease | null = null;
      if (this.pool) {
        // The second attempt goes to another instance at once if one can take it.
        lease = attempt === 2 ? this.pool.pick(new Set(tried)) : null;
        if (!lease && failure) await sleep(Math.min(failure.retryAfterMs ?? backoffMs * 2 ** (attempt - 2), maxRetryAfterMs));
        if (!lease) lease = tried.length >= 2 ? this.pool.pickPinned(tried[1]) : this.pool.pick(attempt === 1 ? undefined : new Set(tried.slice(0, -1)));
        if (!lease) {
          const why = poolUnavailableMessage(this.pool);
          throw new UpstreamUnavailableError(failure ? `upstream GET ${url} failed ${attempt - 1} time(s), last: ${failure.reason}; ${why}` : why);
        }
        if (!tried.includes(lease.instance.index)) tried.push(lease.instance.index);
        url = this.url(pathAndQuery, lease.instance.baseUrl);
      } else if (failure) {
        await sleep(Math.min(failure.retryAfterMs ?? backoffMs * 2 ** (attempt - 2), maxRetryAfterMs));
      }
      const started = performance.now();
      let outcome: Lookup<string> | RetryableFailure;
      try {
        outcome = await this.attempt(url, accept);
      } catch (error) {
        lease?.succeeded(performance.now() - started);
        throw error;
      }
      // A 429 says the instance is up; only what says it is down counts against its circuit.
      if (outcome instanceof RetryableFailure && !outcome.rateLimited) lease?.failed(performance.now() - started);
      else lease?.succeeded(performance.now() - started);
      if (!(outcome instanceof RetryableFailure)) return { result: outcome, baseUrl: lease?.instance.baseUrl ?? this.baseUrl };
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
      return new RetryableFailure(`HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')), response.status === 429);
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

/** An upstream source read over HTTP: `http` holds its base URL (or pool of instances) and the timeouts, retries and size limit of every request. */
export abstract class HttpUpstream {
  protected readonly http: UpstreamHttp;

  constructor(upstream: string | UpstreamPool, options: Partial<UpstreamHttpOptions> = {}) {
    this.http = new UpstreamHttp(upstream, options);
  }
}
