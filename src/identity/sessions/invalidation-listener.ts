import type { Redis } from 'ioredis';

/**
 * How long an answered ping on the subscriber connection vouches for it: the process trusts its
 * session cache only while a ping sent at most this long ago has been answered, and a revocation
 * waits this long after its announcement before it answers success (docs/security.md).
 */
export const INVALIDATION_LEASE_MS = 1000;
const PING_EVERY_MS = INVALIDATION_LEASE_MS / 4;

const monotonic = () => performance.now();

/**
 * Whether this process hears the revocations announced on its subscriber connection.
 *
 * Redis writes a published message to every subscribed connection before anything it answers
 * later on that connection, so a ping sent after a revocation was published comes back after the
 * revocation message. The process hears (`hearing`) while its subscription is up and a ping sent
 * at most INVALIDATION_LEASE_MS ago has been answered; a revocation that waits that long after its
 * publish has therefore reached every process that still trusts its cache. A closed connection
 * stops the hearing at once; a stalled one within the lease. When hearing resumes, `onResumed`
 * runs (the cache may hold sessions revoked meanwhile) and `epoch` changes, so a lookup that began
 * before does not put its result in the cache.
 */
export class InvalidationListener {
  private lastAnsweredPingSentAt = Number.NEGATIVE_INFINITY;
  private interrupted = true;
  private lapsed = true;
  private timer?: NodeJS.Timeout;
  /** Changes whenever hearing stops or resumes. */
  epoch = 0;

  constructor(
    private readonly subscriber: Redis,
    private readonly onResumed: () => void,
  ) {}

  start(): void {
    this.subscriber.on('close', this.onInterrupted);
    this.subscriber.on('reconnecting', this.onInterrupted);
    this.subscriber.on('end', this.onInterrupted);
    this.timer = setInterval(() => this.ping(), PING_EVERY_MS);
    this.timer.unref();
    this.ping();
  }

  stop(): void {
    clearInterval(this.timer);
    this.subscriber.off('close', this.onInterrupted);
    this.subscriber.off('reconnecting', this.onInterrupted);
    this.subscriber.off('end', this.onInterrupted);
  }

  get hearing(): boolean {
    if (this.interrupted || this.lapsed) return false;
    if (monotonic() - this.lastAnsweredPingSentAt > INVALIDATION_LEASE_MS) {
      this.lapsed = true;
      this.epoch++;
      return false;
    }
    return true;
  }

  private readonly onInterrupted = () => {
    if (!this.interrupted) this.epoch++;
    this.interrupted = true;
  };

  private ping(): void {
    const sentAt = monotonic();
    this.subscriber.ping().then(
      () => this.answered(sentAt),
      () => undefined, // timed out or disconnected: the lease runs out, or `close` said so already
    );
  }

  private answered(sentAt: number): void {
    if (sentAt <= this.lastAnsweredPingSentAt) return;
    const wasHearing = this.hearing; // also notes a lapse since the previous answer
    this.lastAnsweredPingSentAt = sentAt;
    // Too old to vouch for now: the next answer will.
    if (wasHearing || monotonic() - sentAt > INVALIDATION_LEASE_MS) return;
    // Whatever was announced while not hearing, the cache may still hold it.
    this.interrupted = false;
    this.lapsed = false;
    this.epoch++;
    this.onResumed();
  }
}
