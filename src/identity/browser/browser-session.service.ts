import { Inject, Injectable } from '@nestjs/common';
import { sidCookie } from '../auth/credentials.js';
import type { Principal } from '../../platform/access/principal.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import type { CachedSession } from '../sessions/session-cache.js';
import { FULL_ACCESS, SessionsService } from '../sessions/sessions.service.js';

/** docs/dialects/invidious.md#login-and-signout: browser sessions and their cookie last one year. */
const BROWSER_SESSION_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/**
 * The SID cookie of the browser pages (docs/dialects/invidious.md#jwt-and-sid-cookie, #cross-site-requests). These routes lie outside the
 * guard's scope bases, so they read and check the cookie here rather than through the guard.
 */
@Injectable()
export class BrowserSessionService {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The live `browser` session the request's SID cookie names, or null (none, unknown, expired, another kind). */
  async current(cookieHeader: string | undefined): Promise<CachedSession | null> {
    const sessionId = sidCookie(cookieHeader);
    if (!sessionId) return null;
    const session = await this.sessions.findLive(sessionId);
    return session?.kind === 'browser' ? session : null;
  }

  /** Starts a one-year browser session; returns its Set-Cookie value. */
  async start(userId: number, protocol: string): Promise<string> {
    const expiresAt = new Date(Date.now() + BROWSER_SESSION_LIFETIME_SECONDS * 1000);
    const session = await this.sessions.create(userId, 'browser', FULL_ACCESS, expiresAt);
    return this.cookie(session.id, BROWSER_SESSION_LIFETIME_SECONDS, protocol);
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }

  /** The Set-Cookie value that makes the browser forget its SID. */
  clearedCookie(protocol: string): string {
    return this.cookie('', 0, protocol);
  }

  /** The session as the minting caller of `/authorize_token`: full access, capped by nothing but itself. */
  principalOf(session: CachedSession): Principal {
    return {
      userId: session.userId,
      username: session.username,
      isAdmin: session.isAdmin,
      sessionId: session.id,
      sessionKind: 'browser',
      scopes: [...FULL_ACCESS],
      expiresAt: session.expiresAt,
      via: 'sid',
    };
  }

  /**
   * `SID=…` must come first: Clipious splits the header on `;` and takes the first pair. Session
   * ids (`v1:` + base64url) are valid cookie octets, so the value is sent raw. `Secure` only when a
   * trusted proxy says the client used HTTPS, since a plain-HTTP deployment would otherwise lose it.
   */
  private cookie(value: string, maxAgeSeconds: number, protocol: string): string {
    const secure = this.config.TRUST_PROXY && protocol === 'https' ? '; Secure' : '';
    return `SID=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
  }
}
