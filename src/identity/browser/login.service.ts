import { Inject, Injectable } from '@nestjs/common';
import { attemptedUserTarget, AuditService, userTarget } from '../../platform/audit/audit.service.js';
import { LoginThrottleService } from '../auth/login-throttle.service.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { checkPassword, checkUsername, InvalidUserInputError, UsernameTakenError, UsersService } from '../users/users.service.js';
import { usernameKey } from '../users/username.js';
import { BrowserSessionService } from './browser-session.service.js';
import { htmlResponse, messageResponse, redirectResponse, type BrowserResponse } from './browser-response.js';
import { CsrfService } from './csrf.service.js';
import type { LoginFormDto, SignoutFormDto } from './browser.dto.js';
import { isCrossSiteRequest, type RequestSite } from './cross-site.js';
import { landingPath, textField } from './form.js';
import { loginPage } from './pages.js';

/** Where a login without a usable `referer` lands. */
const DEFAULT_LANDING = '/docs';
const WRONG_CREDENTIALS = 'Wrong username or password';

/** What the login and sign-out flows need of the request. */
export interface BrowserClient {
  ip: string;
  /** `https` only directly over TLS or, with TRUST_PROXY, when the proxy says so. */
  protocol: string;
  cookieHeader: string | undefined;
  /** Where the browser says the request comes from (Origin, Sec-Fetch-Site). */
  site: RequestSite;
}

/** GET/POST `/login` and POST `/signout` (docs/dialects/invidious.md#login-and-signout). */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly browserSessions: BrowserSessionService,
    private readonly throttle: LoginThrottleService,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The form; a browser that is already signed in also gets a sign-out button. */
  async loginPage(query: Record<string, unknown>, client: BrowserClient): Promise<BrowserResponse> {
    const session = await this.browserSessions.current(client.cookieHeader);
    const signedIn = session ? { username: session.username, csrfToken: this.csrf.issue(session.id, 'signout') } : undefined;
    return this.page(200, textField(query, 'referer'), { signedIn });
  }

  /**
   * Logs in (or, with `action=register` where allowed, registers and logs in). No CSRF token:
   * Clipious posts here directly. A post a browser marks as cross-site is refused before anything
   * else, so another site cannot sign a visitor into an account of its choosing. Failures count
   * towards the same limiter as `POST /api/login/`.
   */
  async login(form: LoginFormDto, client: BrowserClient): Promise<BrowserResponse> {
    const referer = form.referer;
    if (isCrossSiteRequest(client.site, this.config.PUBLIC_URL)) {
      return messageResponse(403, 'Refused', 'Cross-site logins are refused. Log in from the login page of this server.');
    }
    // Clipious sends `email`; the login name is the username, compared case-insensitively.
    const username = (form.email || form.username || '').trim();
    const password = form.password ?? '';
    const landing = landingPath(referer, DEFAULT_LANDING);
    if (form.action === 'register') return this.register(username, password, referer, landing, client);
    if (!username || !password) return this.page(400, referer, { error: 'Enter your username (or email) and your password.' });

    // A browser already signed in as this user is never locked out by others' failures.
    const session = await this.browserSessions.current(client.cookieHeader);
    const signedInAsUser = session !== null && usernameKey(session.username) === usernameKey(username);
    const wait = await this.throttle.attempt(client.ip, username, signedInAsUser);
    if (wait > 0) {
      const error = `Too many failed logins. Try again in ${wait} second${wait === 1 ? '' : 's'}.`;
      return this.page(429, referer, { error, headers: { 'retry-after': String(wait) } });
    }
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.audit.record('login.failure', { target: attemptedUserTarget(username), details: { via: 'browser', reason: 'wrong-credentials' } });
      return this.page(401, referer, { error: WRONG_CREDENTIALS });
    }
    await this.throttle.recordSuccess(client.ip, username);
    await this.audit.record('login.success', { actorUserId: user.id, target: userTarget(user.id), details: { via: 'browser' } });
    return this.signIn(user.id, landing, client);
  }

  /** Ends the browser session. Without one there is nothing to protect, so only the cookie is cleared. */
  async signout(form: SignoutFormDto, client: BrowserClient): Promise<BrowserResponse> {
    const cleared = { 'set-cookie': this.browserSessions.clearedCookie(client.protocol) };
    const session = await this.browserSessions.current(client.cookieHeader);
    if (!session) return redirectResponse('/login', cleared);
    if (!(await this.csrf.consume(form.csrf_token, session.id, 'signout'))) {
      // A fresh sign-out form, so the user is not stuck with a stale one.
      const signedIn = { username: session.username, csrfToken: this.csrf.issue(session.id, 'signout') };
      return this.page(403, undefined, { error: 'This sign-out form has expired or was already used. Sign out from this page instead.', signedIn });
    }
    await this.browserSessions.end(session.id);
    return redirectResponse('/login', cleared);
  }

  private async register(username: string, password: string, referer: string | undefined, landing: string, client: BrowserClient): Promise<BrowserResponse> {
    if (!this.config.REGISTRATION_ENABLED) {
      return this.page(403, referer, { error: 'Registration is disabled on this server; ask its administrator for an account.' });
    }
    try {
      checkUsername(username);
      checkPassword(password);
    } catch (error) {
      if (error instanceof InvalidUserInputError) return this.page(400, referer, { error: `Cannot register: ${error.message}.` });
      throw error;
    }
    // Counted before the password is hashed: each registration costs an argon2 hash.
    const wait = await this.throttle.attemptRegistration(client.ip);
    if (wait > 0) {
      const error = `Too many registrations from this address. Try again in ${wait} second${wait === 1 ? '' : 's'}.`;
      return this.page(429, referer, { error, headers: { 'retry-after': String(wait) } });
    }
    let userId: number;
    try {
      userId = (await this.users.create(username, password, false)).id;
    } catch (error) {
      if (error instanceof InvalidUserInputError) return this.page(400, referer, { error: `Cannot register: ${error.message}.` });
      if (error instanceof UsernameTakenError) return this.page(409, referer, { error: `Cannot register: ${error.message}.` });
      throw error;
    }
    return this.signIn(userId, landing, client);
  }

  /** 302 to `landing` (see `landingPath`); the SID cookie is the only, hence first, Set-Cookie. */
  private async signIn(userId: number, landing: string, client: BrowserClient): Promise<BrowserResponse> {
    const cookie = await this.browserSessions.start(userId, client.protocol);
    return redirectResponse(landing, { 'set-cookie': cookie });
  }

  private page(
    status: number,
    referer: string | undefined,
    extra: { error?: string; signedIn?: { username: string; csrfToken: string }; headers?: Record<string, string> },
  ): BrowserResponse {
    const html = loginPage({ referer, registrationEnabled: this.config.REGISTRATION_ENABLED, error: extra.error, signedIn: extra.signedIn });
    return htmlResponse(status, html, extra.headers);
  }
}
