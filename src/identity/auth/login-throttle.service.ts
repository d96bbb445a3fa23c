import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../../platform/redis/redis.module.js';
import { usernameKey } from '../users/username.js';

export const LOGIN_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
/** Registrations (each an argon2 hash and a new row) one client address may start an hour. */
export const REGISTRATIONS_PER_HOUR = 5;
const REGISTRATION_WINDOW_MS = 60 * 60_000;

/**
 * Counts one attempt on every key, atomically, unless a key is already at the limit: then nothing is
 * counted and the longest remaining window (ms) is returned. 0 means the attempt was counted and may go on.
 */
const RESERVE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= limit then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = window
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('PEXPIRE', key, window, 'NX')
end
return 0
`;

/** A successful login gives back its address's attempt and clears its username's count. */
const SUCCESS_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[2])
return 0
`;

/** A fixed-length stand-in for client-chosen text in a key: usernames can be as long as a body. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Failed-login limiter shared by every instance through Redis (docs/dialects/tubearchivist.md#login-throttling):
 * at most 10 failures a minute per
 * client IP and per username. Each attempt is counted BEFORE its password is verified, in one atomic
 * step that also checks the limit, so however many requests arrive at once at most 10 verifications
 * run; a success then hands its attempt back (successes are not counted, and a success clears that
 * username's count, so clients that log in often are never locked out). Keys hold a digest of the
 * username, never the username itself.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly redis: RedisService) {}

  private keys(ip: string, username: string): [string, string] {
    const address = isIP(ip) ? ip : digest(ip);
    return [this.redis.key('login-failures', 'ip', address), this.redis.key('login-failures', 'user', digest(usernameKey(username)))];
  }

  /**
   * Counts a login attempt for the address and the username, or refuses it: the seconds until
   * another attempt is allowed, or 0 when this one was counted and its password may be verified.
   */
  async attempt(ip: string, username: string): Promise<number> {
    const waitMs = Number(await this.redis.commands.eval(RESERVE_SCRIPT, 2, ...this.keys(ip, username), LOGIN_FAILURES_PER_MINUTE, WINDOW_MS));
    return Math.ceil(waitMs / 1000);
  }

  /**
   * Counts a registration for the address, or refuses it: the seconds until another is allowed, or
   * 0 when this one was counted and may hash its password. Counted atomically before the hash, like
   * login attempts, so simultaneous requests cannot all pass.
   */
  async attemptRegistration(ip: string): Promise<number> {
    const address = isIP(ip) ? ip : digest(ip);
    const key = this.redis.key('registrations', 'ip', address);
    const waitMs = Number(await this.redis.commands.eval(RESERVE_SCRIPT, 1, key, REGISTRATIONS_PER_HOUR, REGISTRATION_WINDOW_MS));
    return Math.ceil(waitMs / 1000);
  }

  /** The attempt counted by `attempt` succeeded. */
  async recordSuccess(ip: string, username: string): Promise<void> {
    await this.redis.commands.eval(SUCCESS_SCRIPT, 2, ...this.keys(ip, username));
  }
}

export function throttledMessage(seconds: number): string {
  return `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
