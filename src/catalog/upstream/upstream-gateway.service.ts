import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { APP_INFO } from '../../platform/app-info.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { failureOf, UpstreamReadError, type UpstreamReadReason } from '../read-through/upstream-read-error.js';
import { Semaphore } from './semaphore.js';
import { SingleFlight } from './single-flight.js';
import { poolUnavailableMessage, readLimited, retryAfterMs } from './upstream-http.js';
import { UpstreamInstances } from './upstream-instances.service.js';
import type { Lease, UpstreamInstance, UpstreamPool } from './upstream-pool.js';

/** Upstream requests one process runs at a time for pass-through routes; the others queue. */
export const MAX_CONCURRENT_UPSTREAM_REQUESTS = 8;
/** A 429 without Retry-After holds requests back this long; a longer Retry-After is cut to the maximum. */
const DEFAULT_RETRY_AFTER_MS = 60_000;
const MAX_RETRY_AFTER_MS = 3600_000;
/** A "does not exist" answer is remembered this long. */
const NOT_FOUND_TTL_SECONDS = 60;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A pass-through answer: the upstream's body as it came, with its media type. */
export interface PassedThrough {
  contentType: string;
  body: string;
  /** Which instance of UPSTREAM_URL answered (its index), for URLs only it can serve. */
  instance?: number;
}

/** An upstream answer whose body is streamed to the client as it arrives (media, images). */
export interface UpstreamStream {
  status: number;
  /** The upstream's headers a client may see: type, length, range, caching. */
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
}

/** Request headers passed on to a streamed request. */
export const STREAM_REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since'] as const;
const STREAM_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'cache-control',
  'expires',
  'last-modified',
  'etag',
] as const;
const MAX_REDIRECTS = 5;

type GatewayOutcome =
  | ({ ok: true } & PassedThrough)
  | {
      ok: false;
      reason: UpstreamReadReason;
      message: string;
      retryAfterSeconds?: number;
      /** The instance itself failed (unreachable, timeout, 5xx): its circuit counts it and another may be tried. */
      instanceFailed?: boolean;
    };

/**
 * GET requests to the Invidious upstream on behalf of clients (search, comments, captions, …):
 * answers are cached in Redis with a TTL per route (shared by every instance), concurrent misses of
 * one URL make one request (SingleFlight), at most MAX_CONCURRENT_UPSTREAM_REQUESTS run at once per
 * process, and an upstream 429 stops every tubevault process from sending anything to that upstream
 * instance until its Retry-After has passed (the deadline is a Redis key). With several instances
 * (UpstreamPool) a request that fails on one for a reason of its own (unreachable, timeout, 5xx) is
 * tried once more on another. Hits, misses and upstream latency go to /metrics.
 */
@Injectable()
export class UpstreamGateway {
  private readonly flights: SingleFlight;
  private readonly semaphore = new Semaphore(MAX_CONCURRENT_UPSTREAM_REQUESTS);
  private readonly cacheLookups: Counter<'route' | 'result'>;
  private readonly latency: Histogram<'route' | 'outcome'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    metrics: MetricsService,
    private readonly instances: UpstreamInstances,
  ) {
    this.flights = new SingleFlight(redis.commands, (...parts) => redis.key('upstream', ...parts));
    const registers = [metrics.registry];
    this.cacheLookups = new Counter({
      name: 'tubevault_upstream_cache_lookups_total',
      help: 'Pass-through answers looked up in the shared Redis cache, by route and result (hit, miss)',
      labelNames: ['route', 'result'],
      registers,
    });
    this.latency = new Histogram({
      name: 'tubevault_upstream_request_duration_seconds',
      help: 'Requests sent to the upstream for clients, by route and outcome (ok, not-found, error, timeout, rate-limited)',
      labelNames: ['route', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  /** The first Invidious instance's base URL, or null when the upstream is not an Invidious instance. */
  get invidiousUrl(): string | null {
    return upstreamKindOf(this.config) === 'invidious' ? this.pool.instances[0].baseUrl : null;
  }

  /** The configured Invidious instances (only with an Invidious upstream). */
  get pool(): UpstreamPool {
    return this.instances.pool!;
  }

  /** What is configured instead of an Invidious instance, for messages. */
  get configuredUpstream(): string {
    return upstreamKindOf(this.config) ?? 'none';
  }

  /**
   * The upstream's answer to `GET pathAndQuery`, from the cache when fresh. `route` labels the
   * metrics. Throws UpstreamReadError: `unsupported` without an Invidious upstream, `not-found` for
   * its 404/410, `rate-limited` while it asks to slow down, `timeout`, `unavailable`.
   */
  async get(route: string, pathAndQuery: string, ttlSeconds: number): Promise<PassedThrough> {
    if (!this.invidiousUrl)
      throw new UpstreamReadError(
        'unsupported',
        `${route} needs an Invidious upstream: set UPSTREAM_URL=<an Invidious instance> (the configured upstream is ${this.configuredUpstream})`,
      );
    const cacheKey = this.redis.key('upstream', 'cache', createHash('sha256').update(pathAndQuery).digest('base64url'));
    const cached = await this.redis.commands.get(cacheKey);
    if (cached !== null) {
      this.cacheLookups.inc({ route, result: 'hit' });
      return this.settle(JSON.parse(cached) as GatewayOutcome);
    }
    this.cacheLookups.inc({ route, result: 'miss' });
    const outcome = await this.flights.run<GatewayOutcome>(cacheKey, this.config.UPSTREAM_TIMEOUT_MS + 1000, async () => {
      const filled = await this.redis.commands.get(cacheKey);
      if (filled !== null) return JSON.parse(filled) as GatewayOutcome;
      const fetched = await this.fetch(route, pathAndQuery);
      if (!fetched.ok) delete fetched.instanceFailed;
      const ttl = fetched.ok ? ttlSeconds : fetched.reason === 'not-found' ? Math.min(ttlSeconds, NOT_FOUND_TTL_SECONDS) : 0;
      if (ttl > 0) await this.redis.commands.set(cacheKey, JSON.stringify(fetched), 'EX', ttl);
      return fetched;
    });
    return this.settle(outcome);
  }

  /**
   * Seconds until an upstream instance accepts requests again (the 429's Retry-After), or 0 when one
   * does now. With several instances, only when every one of them is rate limiting.
   */
  async rateLimitedFor(): Promise<number> {
    if (upstreamKindOf(this.config) !== 'invidious') return 0;
    const waits = await this.rateLimits();
    return waits.every((seconds) => seconds > 0) ? Math.min(...waits) : 0;
  }

  /** Seconds each instance still rate limits tubevault, by index (0: it does not). */
  private async rateLimits(): Promise<number[]> {
    const keys = this.pool.instances.map((instance) => this.rateLimitKey(instance));
    const pipeline = this.redis.commands.pipeline();
    for (const key of keys) pipeline.pttl(key);
    const answers = (await pipeline.exec()) ?? [];
    return keys.map((_, i) => {
      const ms = Number(answers[i]?.[1] ?? -2);
      return ms > 0 ? Math.ceil(ms / 1000) : 0;
    });
  }

  private rateLimitKey(instance: UpstreamInstance): string {
    // A sole instance keeps the key it always had.
    return this.pool.instances.length === 1 ? this.redis.key('upstream', 'retry-after') : this.redis.key('upstream', 'retry-after', instance.baseUrl);
  }

  /** Records an instance's 429: nothing is sent to it, by any tubevault process, until it has passed. */
  async noteRateLimit(instance: UpstreamInstance, retryAfter: string | null): Promise<number> {
    const ms = Math.min(Math.max(retryAfterMs(retryAfter) ?? DEFAULT_RETRY_AFTER_MS, 1000), MAX_RETRY_AFTER_MS);
    await this.redis.commands.set(this.rateLimitKey(instance), '1', 'PX', ms);
    return Math.ceil(ms / 1000);
  }

  rateLimitMessage(seconds: number, instance?: UpstreamInstance): string {
    const named = instance ? instance.baseUrl : this.config.UPSTREAM_URL!.join(', ');
    return `The upstream ${named} is rate limiting tubevault: retry in ${seconds} s`;
  }

  timeoutMessage(instance: UpstreamInstance): string {
    return `Upstream timeout: ${instance.baseUrl} did not answer within ${this.config.UPSTREAM_TIMEOUT_MS / 1000} s`;
  }

  /**
   * A lease on the instance for the next attempt, skipping rate-limited ones and those in `tried`;
   * `pin` asks for that instance only. Null with the failure to answer when none can be used.
   */
  private async lease(tried: ReadonlySet<number>, pin?: number): Promise<{ lease: Lease } | { failure: Extract<GatewayOutcome, { ok: false }> }> {
    const waits = await this.rateLimits();
    if (pin !== undefined) {
      if (waits[pin] > 0) return { failure: this.rateLimited(waits[pin], this.pool.instances[pin]) };
      const lease = this.pool.pickPinned(pin);
      if (lease) return { lease };
      return {
        failure: { ok: false, reason: 'unavailable', message: `Upstream error: ${poolUnavailableMessage(this.pool)}`, retryAfterSeconds: this.probeWait() },
      };
    }
    const lease = this.pool.pick(tried, (instance) => waits[instance.index] === 0);
    if (lease) return { lease };
    const candidates = waits.filter((_, i) => !tried.has(i));
    if (candidates.length && candidates.every((seconds) => seconds > 0)) {
      const seconds = Math.min(...candidates);
      return { failure: this.rateLimited(seconds, candidates.length === 1 ? this.pool.instances[waits.indexOf(seconds)] : undefined) };
    }
    return {
      failure: { ok: false, reason: 'unavailable', message: `Upstream error: ${poolUnavailableMessage(this.pool)}`, retryAfterSeconds: this.probeWait() },
    };
  }

  private rateLimited(seconds: number, instance?: UpstreamInstance): Extract<GatewayOutcome, { ok: false }> {
    return { ok: false, reason: 'rate-limited', message: this.rateLimitMessage(seconds, instance), retryAfterSeconds: seconds };
  }

  /** Seconds until the next open circuit's probe. */
  private probeWait(): number | undefined {
    const at = this.pool.nextProbeAt();
    return at === null ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
  }

  /**
   * `GET pathAndQuery` on the upstream with the body left unread, for the caller to pipe to the
   * client (never buffered whole). Redirects are followed only within the upstream's own origin;
   * `abort` (the client hanging up) cancels the upstream request. Not cached; the 429 state applies.
   */
  async stream(
    route: string,
    pathAndQuery: string,
    headers: Partial<Record<(typeof STREAM_REQUEST_HEADERS)[number], string>>,
    abort: AbortSignal,
    pin?: number,
  ): Promise<UpstreamStream> {
    if (!this.invidiousUrl)
      throw new UpstreamReadError('unsupported', 'Playback and images need an Invidious upstream: set UPSTREAM_URL=<an Invidious instance>');
    const tried = new Set<number>();
    // Nothing has reached the client before this returns, so a second instance may still be asked.
    for (let attempt = 0; ; attempt++) {
      const picked = await this.lease(tried, pin);
      if ('failure' in picked) throw failureOf(picked.failure);
      const { lease } = picked;
      tried.add(lease.instance.index);
      try {
        return await this.streamFrom(lease, route, pathAndQuery, headers, abort);
      } catch (error) {
        const again = error instanceof InstanceFailure && attempt === 0 && pin === undefined && !abort.aborted;
        if (!again) throw error instanceof InstanceFailure ? error.cause : error;
      }
    }
  }

  private async streamFrom(
    lease: Lease,
    route: string,
    pathAndQuery: string,
    headers: Partial<Record<(typeof STREAM_REQUEST_HEADERS)[number], string>>,
    abort: AbortSignal,
  ): Promise<UpstreamStream> {
    const base = lease.instance.baseUrl;
    const origin = lease.instance.origin;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const observe = (outcome: string) => this.latency.observe({ route, outcome }, seconds());
    /** The instance answered: its circuit hears a success, whatever the answer means for the client. */
    const answered = (outcome: string) => {
      observe(outcome);
      lease.succeeded(seconds() * 1000);
    };
    const instanceFailed = (outcome: string, error: UpstreamReadError) => {
      observe(outcome);
      if (abort.aborted) lease.cancel();
      else lease.failed(seconds() * 1000);
      return new InstanceFailure(error);
    };
    let url = base + pathAndQuery;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      // The timeout covers the answer's headers only: a long video keeps streaming after it.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), this.config.UPSTREAM_TIMEOUT_MS);
      const onAbort = () => controller.abort(abort.reason);
      abort.addEventListener('abort', onAbort, { once: true });
      let response: Response;
      try {
        response = await fetch(url, { signal: controller.signal, redirect: 'manual', headers: { ...headers, 'user-agent': `tubevault/${APP_INFO.version}` } });
      } catch (error) {
        abort.removeEventListener('abort', onAbort);
        const failure = this.failure(
          controller.signal.reason instanceof DOMException && controller.signal.reason.name === 'TimeoutError' ? controller.signal.reason : error,
          url,
          lease.instance,
        ) as Extract<GatewayOutcome, { ok: false }>;
        throw instanceFailed(failure.reason === 'timeout' ? 'timeout' : 'error', failureOf(failure));
      } finally {
        clearTimeout(timer);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        abort.removeEventListener('abort', onAbort);
        const next = new URL(location, url);
        if (next.origin !== origin) {
          answered('error');
          throw new UpstreamReadError('unavailable', `Upstream error: ${url} redirected to ${next.origin}, which tubevault does not follow (only ${origin})`);
        }
        url = next.href;
        continue;
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const wait = await this.noteRateLimit(lease.instance, response.headers.get('retry-after'));
        answered('rate-limited');
        throw new UpstreamReadError('rate-limited', this.rateLimitMessage(wait, lease.instance), wait);
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        answered('not-found');
        throw new UpstreamReadError('not-found', 'Not found upstream');
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw instanceFailed('error', new UpstreamReadError('unavailable', `Upstream error: ${url} answered HTTP ${response.status}`));
      }
      if (![200, 206, 304, 416].includes(response.status)) {
        await response.body?.cancel();
        answered('error');
        throw new UpstreamReadError('unavailable', `Upstream error: ${url} answered HTTP ${response.status}`);
      }
      answered('ok');
      const passed: Record<string, string> = {};
      for (const name of STREAM_RESPONSE_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) passed[name] = value;
      }
      return { status: response.status, headers: passed, body: response.body };
    }
    answered('error');
    throw new UpstreamReadError('unavailable', `Upstream error: more than ${MAX_REDIRECTS} redirects from ${base + pathAndQuery}`);
  }

  private settle(outcome: GatewayOutcome): PassedThrough {
    if (!outcome.ok) throw failureOf(outcome);
    return { contentType: outcome.contentType, body: outcome.body, ...(outcome.instance !== undefined ? { instance: outcome.instance } : {}) };
  }

  /** One attempt, and one more on another instance when the first failed for a reason of the instance's own. */
  private async fetch(route: string, pathAndQuery: string): Promise<GatewayOutcome> {
    const tried = new Set<number>();
    let outcome: GatewayOutcome | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const picked = await this.lease(tried);
      if ('failure' in picked) return outcome ?? picked.failure;
      const { lease } = picked;
      tried.add(lease.instance.index);
      const started = process.hrtime.bigint();
      outcome = await this.semaphore.use(() => this.request(lease.instance, pathAndQuery));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.latency.observe({ route, outcome: outcome.ok ? 'ok' : outcome.reason === 'unavailable' ? 'error' : outcome.reason }, seconds);
      if (!outcome.ok && outcome.instanceFailed) lease.failed(seconds * 1000);
      else lease.succeeded(seconds * 1000);
      if (outcome.ok || !outcome.instanceFailed) return outcome;
    }
    return outcome!;
  }

  private async request(instance: UpstreamInstance, pathAndQuery: string): Promise<GatewayOutcome> {
    const url = instance.baseUrl + pathAndQuery;
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
        redirect: 'error',
        headers: { accept: 'application/json, text/vtt;q=0.9, */*;q=0.1', 'user-agent': `tubevault/${APP_INFO.version}` },
      });
    } catch (error) {
      return this.failure(error, url, instance);
    }
    if (response.status === 429) {
      await response.body?.cancel();
      const seconds = await this.noteRateLimit(instance, response.headers.get('retry-after'));
      return this.rateLimited(seconds, instance);
    }
    let body: string;
    try {
      body = await readLimited(response, MAX_BODY_BYTES, () => new Error('body larger than the limit'));
    } catch (error) {
      return this.failure(error, url, instance);
    }
    const contentType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
    if (response.status === 404 || response.status === 410) {
      return { ok: false, reason: 'not-found', message: upstreamErrorText(body, contentType) ?? 'Not found upstream' };
    }
    if (response.status < 200 || response.status > 299) {
      const said = upstreamErrorText(body, contentType);
      return {
        ok: false,
        reason: 'unavailable',
        message: `Upstream error: ${url} answered HTTP ${response.status}${said ? ` (${said})` : ''}`,
        ...(response.status >= 500 ? { instanceFailed: true } : {}),
      };
    }
    if (contentType === 'application/json') {
      try {
        JSON.parse(body);
      } catch {
        return { ok: false, reason: 'unavailable', message: `Upstream error: ${url} answered malformed JSON` };
      }
    }
    return { ok: true, contentType, body, instance: instance.index };
  }

  private failure(error: unknown, url: string, instance: UpstreamInstance): GatewayOutcome {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return { ok: false, reason: 'timeout', message: this.timeoutMessage(instance), instanceFailed: true };
    if (e.message?.startsWith('body larger'))
      return { ok: false, reason: 'unavailable', message: `Upstream error: ${url} answered more than ${MAX_BODY_BYTES} bytes` };
    return {
      ok: false,
      reason: 'unavailable',
      message: `Upstream error: cannot reach ${url}: ${e.cause?.code ?? e.cause?.message ?? e.message ?? String(error)}`,
      instanceFailed: true,
    };
  }
}

/** The `error` text of an Invidious error body, if it is one (at most 200 characters). */
function upstreamErrorText(body: string, contentType: string): string | null {
  if (contentType !== 'application/json') return null;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed?.error === 'string' ? parsed.error.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** A stream attempt that failed because of the instance (unreachable, timeout, 5xx): another may be tried. */
class InstanceFailure extends Error {
  constructor(override readonly cause: UpstreamReadError) {
    super(cause.message);
  }
}
