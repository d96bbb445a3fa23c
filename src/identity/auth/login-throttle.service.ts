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

/** Client addresses that may have failed logins counted for one username at a time (per window). */
export const FAILING_ADDRESSES_PER_USERNAME = 10;

/**
 * Counts one attempt, atomically, unless a limit is reached: then nothing is counted and the longest
 * remaining wait (ms) is returned; 0 means the attempt was counted and its password may be verified.
 * KEYS: the address's counter, the (username, address) counter, the username's set of failing
 * addresses (scored by when each was added). With ARGV[4] = '0' the username's set is neither
 * checked nor changed (a caller already signed in as that user).
 */
const RESERVE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local checkUser = ARGV[4] == '1'
local maxAddresses = tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local wait = 0
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= limit then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = window
    end
    if ttl > wait then wait = ttl end
  end
end
local known = true
if checkUser then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
  known = redis.call('ZSCORE', KEYS[3], member) ~= false
  if not known and redis.call('ZCARD', KEYS[3]) >= maxAddresses then
    local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    local ttl = tonumber(oldest[2]) + window - now
    if ttl < 1 then ttl = 1 end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], window, 'NX')
end
if checkUser and not known then
  redis.call('ZADD', KEYS[3], now, member)
  redis.call('PEXPIRE', KEYS[3], window)
end
return 0
`;

/** Counts one registration for an address, atomically, unless it is at the limit (then the wait in ms). */
const RESERVE_ONE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') >= limit then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], window)
    ttl = window
  end
  return ttl
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window, 'NX')
return 0
`;

/** A successful login gives back its address's attempt and clears what this address counted against the username. */
const SUCCESS_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 0
`;

/** A fixed-length stand-in for client-chosen text in a key: usernames can be as long as a body. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Failed-login limiter shared by every instance through Redis (docs/security.md#6-account-lockout-by-anyone,
 * docs/dialects/tubearchivist.md#login-throttling): at most 10 attempts a minute per client address
 * and per (username, address), and at most 10 addresses a minute failing for one username, so one
 * stranger cannot lock a user out while many addresses together still get few guesses. Each attempt is
 * counted BEFORE its password is verified, in one atomic step that also checks the limits, so however
 * many requests arrive at once the limits hold; a success then hands its attempt back. Keys hold a
 * digest of the normalised username, never the username itself.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly redis: RedisService) {}

  private keys(ip: string, username: string): { keys: [string, string, string]; member: string } {
    const address = isIP(ip) ? ip : digest(ip);
    const user = digest(usernameKey(username));
    return {
      keys: [
        this.redis.key('login-failures', 'ip', address),
        this.redis.key('login-failures', 'user-ip', digest(`${user} ${address}`)),
        this.redis.key('login-failures', 'user', user),
      ],
      member: digest(address),
    };
  }

  /**
   * Counts a login attempt for the address and the username, or refuses it: the seconds until
   * another attempt is allowed, or 0 when this one was counted and its password may be verified.
   * `signedInAsUser`: the request carries a live browser session of this very user, so the
   * username's limit (the part others can fill) does not apply; the address's limits still do.
   */
  async attempt(ip: string, username: string, signedInAsUser = false): Promise<number> {
    const { keys, member } = this.keys(ip, username);
    const waitMs = Number(
      await this.redis.commands.eval(
        RESERVE_SCRIPT,
        3,
        ...keys,
        LOGIN_FAILURES_PER_MINUTE,
        WINDOW_MS,
        member,
        signedInAsUser ? '0' : '1',
        FAILING_ADDRESSES_PER_USERNAME,
      ),
    );
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
    const waitMs = Number(await this.redis.commands.eval(RESERVE_ONE_SCRIPT, 1, key, REGISTRATIONS_PER_HOUR, REGISTRATION_WINDOW_MS));
    return Math.ceil(waitMs / 1000);
  }

  /** The attempt counted by `attempt` succeeded. */
  async recordSuccess(ip: string, username: string): Promise<void> {
    const { keys, member } = this.keys(ip, username);
    await this.redis.commands.eval(SUCCESS_SCRIPT, 3, ...keys, member);
  }
}

export function throttledMessage(seconds: number): string {
  return `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
