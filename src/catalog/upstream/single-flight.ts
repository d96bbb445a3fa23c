import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/** How often a waiting instance looks for the leader's outcome. */
const POLL_MS = 25;
/** How long a leader's outcome stays readable for the instances that waited on it. */
const OUTCOME_TTL_MS = 5_000;

/** Deletes the lock only if it is still ours (a lock that expired and was taken again is left alone). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One upstream call per key at a time, across every process sharing the Redis: within a process
 * concurrent callers share one promise; across processes the first to take the Redis lock
 * (`SET NX PX`) does the work and leaves its outcome in Redis for a few seconds, while the others
 * poll for it. If the leader dies, its lock expires and a waiter takes over. `work` returns a
 * JSON-serialisable outcome (failures included, so waiters do not retry a failing upstream);
 * a thrown error is not shared, and waiters then try themselves.
 */
export class SingleFlight {
  private readonly local = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (...parts: string[]) => string,
  ) {}

  run<T>(key: string, lockMs: number, work: () => Promise<T>): Promise<T> {
    const running = this.local.get(key);
    if (running) return running as Promise<T>;
    const flight = this.lead(key, lockMs, work).finally(() => this.local.delete(key));
    this.local.set(key, flight);
    return flight;
  }

  private async lead<T>(key: string, lockMs: number, work: () => Promise<T>): Promise<T> {
    const lockKey = this.keyOf('flight', key, 'lock');
    const outcomeKey = this.keyOf('flight', key, 'outcome');
    const token = randomBytes(8).toString('hex');
    const deadline = Date.now() + lockMs * 2;
    for (;;) {
      if ((await this.redis.set(lockKey, token, 'PX', lockMs, 'NX')) === 'OK') {
        try {
          await this.redis.del(outcomeKey);
          const outcome = await work();
          await this.redis.set(outcomeKey, JSON.stringify(outcome), 'PX', OUTCOME_TTL_MS);
          return outcome;
        } finally {
          await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
        }
      }
      // Another process leads: wait for its outcome, or for its lock to go (then try to lead).
      while (Date.now() < deadline) {
        const [outcome, locked] = await Promise.all([this.redis.get(outcomeKey), this.redis.exists(lockKey)]);
        if (outcome !== null) return JSON.parse(outcome) as T;
        if (!locked) break;
        await sleep(POLL_MS);
      }
      if (Date.now() >= deadline) return work();
    }
  }
}
