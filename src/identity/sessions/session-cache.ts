/** What the guard needs of a live session, cached so a request costs no database round trip. */
export interface CachedSession {
  id: string;
  userId: number;
  username: string;
  isAdmin: boolean;
  kind: 'browser' | 'token' | 'ta';
  scopes: string[];
  /** epoch ms, or null when the session never expires */
  expiresAt: number | null;
}

/**
 * A bounded in-process map of live sessions. Entries expire after `ttlMs` (a safety net); revocation
 * does not wait for that: every instance drops an entry as soon as the revocation is announced on
 * Redis pub/sub, and clears everything when its subscription was interrupted (it may have missed one).
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: CachedSession; storedAt: number }>();
  /**
   * Recently revoked sessions and users: a lookup that read the row just before the delete must
   * not put it (back) into the cache after the revocation message arrived.
   */
  private readonly revokedSessions = new Map<string, number>();
  private readonly revokedUsers = new Map<number, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(id: string, now = Date.now()): CachedSession | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (now - entry.storedAt > this.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.session;
  }

  /** False when the session (or its user) was revoked after a lookup started at `since`. */
  isStillValid(session: CachedSession, since: number): boolean {
    const sessionRevoked = this.revokedSessions.get(session.id);
    const userRevoked = this.revokedUsers.get(session.userId);
    return !(sessionRevoked !== undefined && sessionRevoked >= since) && !(userRevoked !== undefined && userRevoked >= since);
  }

  /**
   * Stores the session, unless it (or its user) was revoked in the last minute: a revocation is
   * announced before its delete commits, so a lookup meanwhile may still read the row.
   */
  set(session: CachedSession, now = Date.now()): void {
    this.pruneRevocations(now);
    if (this.revokedSessions.has(session.id) || this.revokedUsers.has(session.userId)) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(session.id, { session, storedAt: now });
  }

  delete(id: string, now = Date.now()): void {
    this.entries.delete(id);
    this.revokedSessions.set(id, now);
    this.pruneRevocations(now);
  }

  /**
   * `revokedAt` is when the revocation happened, which an instance hearing of it later (its own
   * pub/sub echo included) must use: a session created and looked up after that moment is valid.
   */
  deleteUser(userId: number, revokedAt = Date.now()): void {
    for (const [id, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(id);
    this.revokedUsers.set(userId, Math.max(revokedAt, this.revokedUsers.get(userId) ?? 0));
    this.pruneRevocations(Date.now());
  }

  private pruneRevocations(now: number): void {
    // A lookup takes milliseconds; a minute of memory is ample.
    for (const [id, at] of this.revokedSessions) if (now - at > 60_000) this.revokedSessions.delete(id);
    for (const [id, at] of this.revokedUsers) if (now - at > 60_000) this.revokedUsers.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
