import { Injectable } from '@nestjs/common';
import { RedisService } from '../../platform/redis/redis.module.js';

export const LOGIN_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/**
 * Failed-login limiter shared by every instance through Redis (docs/dialects/tubearchivist.md#login-throttling): at most 10
 * failures a minute per client IP and per username. Successes are not counted, and a success clears
 * that username's count, so clients that log in often are never locked out.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly redis: RedisService) {}

  private keys(ip: string, username: string): string[] {
    return [this.redis.key('login-failures', 'ip', ip), this.redis.key('login-failures', 'user', username.toLowerCase())];
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  async retryAfter(ip: string, username: string): Promise<number> {
    const keys = this.keys(ip, username);
    const pipeline = this.redis.commands.pipeline();
    for (const key of keys) pipeline.get(key).pttl(key);
    const results = (await pipeline.exec()) ?? [];
    let waitMs = 0;
    for (let i = 0; i < keys.length; i++) {
      const count = Number(results[i * 2]?.[1] ?? 0);
      const ttl = Number(results[i * 2 + 1]?.[1] ?? 0);
      if (count >= LOGIN_FAILURES_PER_MINUTE) waitMs = Math.max(waitMs, ttl > 0 ? ttl : WINDOW_MS);
    }
    return Math.ceil(waitMs / 1000);
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const pipeline = this.redis.commands.pipeline();
    for (const key of this.keys(ip, username)) pipeline.incr(key).pexpire(key, WINDOW_MS, 'NX');
    await pipeline.exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.commands.del(this.redis.key('login-failures', 'user', username.toLowerCase()));
  }
}

export function throttledMessage(seconds: number): string {
  return `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
