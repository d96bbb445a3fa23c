import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';

/**
 * How long a slot is held at most. A request that ends releases its slot at once; this only frees
 * the slot of a request whose process died (crash, SIGKILL) before it could release it.
 */
export const SLOT_LEASE_MS = 120_000;

/**
 * Takes a slot in the caller's set unless it already holds `limit` live ones: 1 when taken, 0 when
 * full. Slots are members scored by their expiry (Redis's own clock, so instances need not agree on
 * the time); expired ones are dropped first, so a leaked slot frees itself after the lease instead
 * of keeping the whole count up as an INCR/DECR counter would.
 */
const ACQUIRE_SCRIPT = `
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
redis.call('PEXPIRE', KEYS[1], lease)
return 1
`;

export interface Slot {
  key: string;
  id: string;
}

/**
 * Per-principal slots for expensive requests, shared by every instance through Redis. A slot is
 * taken and checked in one script, so however many requests arrive at once at most `limit` get one.
 */
@Injectable()
export class ExpensiveSlotsService {
  private readonly logger = new Logger('ExpensiveSlots');

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get limit(): number {
    return this.config.EXPENSIVE_REQUESTS_PER_USER;
  }

  /** The key of a caller's slots: `user:<id>`, or `ip:<address>` on public routes. */
  keyOf(principal: string): string {
    return this.redis.key('expensive', principal);
  }

  /**
   * A slot for `principal`, `null` when it already holds the limit, or `'unlimited'` when no slot
   * is needed: the limit is off, or Redis is not reachable (a fairness bound is not worth refusing
   * every search and feed while Redis is away).
   */
  async acquire(principal: string): Promise<Slot | null | 'unlimited'> {
    if (this.limit === 0) return 'unlimited';
    if (this.redis.commands.status !== 'ready') return 'unlimited';
    const slot = { key: this.keyOf(principal), id: randomUUID() };
    try {
      const taken = Number(await this.redis.commands.eval(ACQUIRE_SCRIPT, 1, slot.key, this.limit, SLOT_LEASE_MS, slot.id));
      return taken === 1 ? slot : null;
    } catch (error) {
      this.logger.warn(`expensive-request slot not checked: ${(error as Error).message}`);
      return 'unlimited';
    }
  }

  async release(slot: Slot): Promise<void> {
    try {
      await this.redis.commands.zrem(slot.key, slot.id);
    } catch (error) {
      // The lease frees it.
      this.logger.warn(`expensive-request slot not released: ${(error as Error).message}`);
    }
  }
}
