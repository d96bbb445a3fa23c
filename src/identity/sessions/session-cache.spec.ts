import { SessionCache, type CachedSession } from './session-cache.js';

const session = (id: string, userId = 7): CachedSession => ({ id, userId, username: 'u', isAdmin: false, kind: 'browser', scopes: [':*'], expiresAt: null });

describe('SessionCache revocations', () => {
  // Revocations are kept for a minute of real time, so the times are around now.
  const t = (ms: number) => Date.now() - 10_000 + ms;

  it('refuses a lookup that started before its user was revoked', () => {
    const cache = new SessionCache(60_000, 100);
    cache.deleteUser(7, t(2_000));
    expect(cache.isStillValid(session('old'), t(1_500))).toBe(false);
  });

  it('keeps a session looked up after the revocation, even when the revocation is heard again later (pub/sub echo)', () => {
    const cache = new SessionCache(60_000, 100);
    cache.deleteUser(7, t(2_000));
    // The echo of the same revocation arrives while a lookup that started at 2,500 is in flight.
    cache.deleteUser(7, t(2_000));
    expect(cache.isStillValid(session('new'), t(2_500))).toBe(true);
  });

  it('never moves a user revocation back in time', () => {
    const cache = new SessionCache(60_000, 100);
    cache.deleteUser(7, t(3_000));
    cache.deleteUser(7, t(2_000));
    expect(cache.isStillValid(session('s'), t(2_500))).toBe(false);
  });
});
