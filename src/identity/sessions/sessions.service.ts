import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newSessionId } from '../auth/session-id.js';
import { ForbiddenError, UnavailableError } from '../../platform/errors/domain-errors.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { INVALIDATION_LEASE_MS, InvalidationListener } from './invalidation-listener.js';
import { SessionCache, type CachedSession } from './session-cache.js';
import type { SessionKind } from '../../platform/access/principal.js';
import type { SessionEntity } from './session.entity.js';
import { SessionsRepository, type SessionListRow, type TokenListRow } from './sessions.repository.js';

const CACHE_TTL_MS = 60_000;
/** Postgres's SQLSTATE for a row whose foreign key names a row that is gone. */
const FOREIGN_KEY_VIOLATION = '23503';
const CACHE_MAX_ENTRIES = 50_000;
/** `last_used_at` is a hint for users listing their tokens, not an audit trail: write it at most this often. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/** A revocation that could not be announced is not done: its transaction is rolled back. */
const NOT_ANNOUNCED = 'Redis is unavailable, so the other instances could not be told: nothing was revoked; try again shortly.';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once every instance that still trusts its session cache has heard the announcement. */
export type Heard = () => Promise<void>;

/** Full access, for browser and TubeArchivist-login sessions. */
export const FULL_ACCESS = [':*'];

/**
 * Sessions: the one table behind every credential. Lookups are served from an in-process cache
 * while this process hears revocations on Redis pub/sub (InvalidationListener); otherwise from the
 * database. A revocation is announced inside the transaction that deletes the rows, so it is either
 * announced and committed, or not done at all (503); it answers success only once every instance
 * still trusting its cache has heard it (docs/security.md).
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private readonly cache = new SessionCache(CACHE_TTL_MS, CACHE_MAX_ENTRIES);
  private readonly touched = new Map<string, number>();
  private readonly channel: string;
  private readonly listener: InvalidationListener;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly redis: RedisService,
  ) {
    this.channel = redis.key('sessions', 'revoked');
    this.listener = new InvalidationListener(redis.subscriber, () => this.cache.clear());
  }

  async onModuleInit(): Promise<void> {
    const subscriber = this.redis.subscriber;
    subscriber.on('message', this.onMessage);
    // Start-up waits for Redis, as it always did; each attempt is bounded by the command timeout.
    for (;;) {
      try {
        await subscriber.subscribe(this.channel);
        break;
      } catch (error) {
        this.logger.warn(`waiting for Redis to subscribe to revocations: ${(error as Error).message}`);
        await sleep(500);
      }
    }
    this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.listener.stop();
    this.redis.subscriber.off('message', this.onMessage);
  }

  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.channel) return;
    if (message.startsWith('user:')) {
      // `user:<id>:<ms>`: the revocation's own time, so a session started after it stays valid here.
      const [, userId, at] = message.split(':');
      this.cache.deleteUser(Number(userId), at ? Math.min(Number(at), Date.now()) : Date.now());
    } else this.cache.delete(message);
  };

  async create(
    userId: number,
    kind: SessionKind,
    scopes: readonly string[],
    expiresAt: Date | null,
    options: { callbackOrigin?: string | null; manager?: EntityManager } = {},
  ): Promise<SessionEntity> {
    return this.sessions.insert(newSessionId(), userId, kind, scopes, expiresAt, options);
  }

  /**
   * A token minted from the token session `parentId`: revoking the parent revokes it too. A parent
   * revoked while this was being minted leaves nothing behind (the foreign key refuses the row).
   */
  async createChildToken(parentId: string, userId: number, scopes: readonly string[], expiresAt: Date | null): Promise<SessionEntity> {
    try {
      return await this.sessions.insert(newSessionId(), userId, 'token', scopes, expiresAt, { parentId });
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new ForbiddenError('Request must be authenticated');
      throw error;
    }
  }

  /** The user's single TubeArchivist session, created on first login; concurrent logins agree on one. */
  async taSessionOf(userId: number): Promise<string> {
    await this.sessions.insertTaSession(newSessionId(), userId, FULL_ACCESS);
    return this.sessions.taSessionId(userId);
  }

  /**
   * Revokes the user's TubeArchivist session, so its token stops working on every instance and the
   * next login issues a new one. The id revoked, or null when the user had none.
   */
  async revokeTaSessionOf(userId: number): Promise<string | null> {
    const id = await this.sessions.findTaSessionId(userId);
    if (id === null) return null;
    // A concurrent rotation may have deleted it first: then this one revoked nothing.
    return (await this.revoke(id)) ? id : null;
  }

  /** A live (existing, unexpired) session with its user, from the cache while this process hears revocations. */
  async findLive(id: string): Promise<CachedSession | null> {
    const hearing = this.listener.hearing;
    let session = hearing ? this.cache.get(id) : undefined;
    if (!session) {
      const startedAt = Date.now();
      const epoch = this.listener.epoch;
      const row = await this.sessions.findWithUser(id);
      if (!row) return null;
      session = {
        id: row.id,
        userId: row.user_id,
        username: row.username,
        isAdmin: row.is_admin,
        kind: row.kind,
        scopes: row.scopes,
        expiresAt: row.expires_at ? row.expires_at.getTime() : null,
      };
      if (!this.cache.isStillValid(session, startedAt)) return null;
      // Heard throughout the lookup: nothing it read can have been revoked unheard.
      if (hearing && this.listener.hearing && this.listener.epoch === epoch) this.cache.set(session);
    }
    if (session.expiresAt !== null && session.expiresAt < Date.now()) return null;
    this.touch(session.id);
    return session;
  }

  /** The user's API tokens (kind `token`), newest first. */
  listTokens(userId: number): Promise<TokenListRow[]> {
    return this.sessions.listTokens(userId);
  }

  /** Every unexpired session of the user, newest first (the account page). */
  listLive(userId: number): Promise<SessionListRow[]> {
    return this.sessions.listLiveByUser(userId);
  }

  /** Kind and owner of a session, straight from the database (for revocation decisions). */
  ownerOf(id: string): Promise<{ userId: number; kind: SessionKind } | null> {
    return this.sessions.ownerOf(id);
  }

  /**
   * Deletes the session and every token minted from it (at any depth) and tells every instance;
   * credentials built on any of them fail on their next request, on every instance, once this
   * resolves. Throws UnavailableError (nothing deleted) when the revocation cannot be announced.
   */
  async revoke(id: string): Promise<boolean> {
    let heard: Heard = async () => undefined;
    const deleted = await this.sessions.transaction(async (manager) => {
      const deleted = await this.sessions.deleteWithDescendants(id, manager);
      const ids = deleted.includes(id) ? deleted : [id, ...deleted];
      for (const each of ids) this.cache.delete(each);
      // Each id announced before the commit; the last lease covers the earlier ones.
      for (const each of ids) heard = await this.announce(each);
      return deleted.includes(id);
    });
    await heard();
    return deleted;
  }

  /**
   * Tells every instance that all the user's sessions are gone. Call it inside the transaction that
   * deletes them, before it commits (a failure throws UnavailableError and so rolls it back), and
   * await the returned function after the commit, before answering.
   */
  async announceUserRevoked(userId: number): Promise<Heard> {
    const revokedAt = Date.now();
    this.cache.deleteUser(userId, revokedAt);
    return this.announce(`user:${userId}:${revokedAt}`);
  }

  private async announce(message: string): Promise<Heard> {
    try {
      await this.redis.commands.publish(this.channel, message);
    } catch (error) {
      this.logger.warn(`could not announce a revocation: ${(error as Error).message}`);
      throw new UnavailableError(NOT_ANNOUNCED, { retryAfterSeconds: 5 });
    }
    const publishedAt = performance.now();
    // An instance that still trusts its cache after this has heard the message (InvalidationListener).
    return () => sleep(Math.max(0, publishedAt + INVALIDATION_LEASE_MS - performance.now()));
  }

  /** Removes sessions past their expiry (run by the maintenance queue). */
  async purgeExpired(): Promise<number> {
    const ids = await this.sessions.deleteExpired();
    for (const id of ids) await this.redis.commands.publish(this.channel, id);
    return ids.length;
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    if (this.touched.size > CACHE_MAX_ENTRIES) this.touched.clear();
    this.sessions.touch(id).catch((error: Error) => {
      this.logger.warn(`could not record session use: ${error.message}`);
    });
  }
}
