import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors/domain-errors.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import type { CachedSession } from '../sessions/session-cache.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersService } from '../users/users.service.js';
import { accountPage } from './account.page.js';
import type { AccountCreateUserFormDto, AccountDeleteUserFormDto, AccountPasswordFormDto, AccountRevokeFormDto } from './account.dto.js';
import { BrowserSessionService } from './browser-session.service.js';
import { htmlResponse, messageResponse, redirectResponse, type BrowserResponse } from './browser-response.js';
import { CsrfService, type CsrfPurpose } from './csrf.service.js';
import { isCrossSiteRequest } from './cross-site.js';

const LOGIN_REDIRECT = '/login?referer=%2Faccount';
/** Fixed messages the import/export routes may ask the page to show (`/account?done=<key>`); never text from the URL. */
const DONE_MESSAGES: Record<string, string> = {
  imported: 'Imported. Your subscriptions (and, for an Invidious export, history, preferences and playlists) were added.',
};

/** A session's handle on the page: its id is the credential, so the page names it by a hash instead. */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 24);
}

/** What a form post checks before it acts: a live browser session, a same-site request, and the form's CSRF token. */
type FormCheck = { ok: true; session: CachedSession } | { ok: false; response: BrowserResponse };

/** The account page `GET /account` and its forms (docs/dialects/invidious.md#account-page). */
@Injectable()
export class AccountService {
  constructor(
    private readonly browserSessions: BrowserSessionService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async page(request: FastifyRequest, query: { done?: string }): Promise<BrowserResponse> {
    const session = await this.browserSessions.current(request.headers.cookie);
    if (!session) return redirectResponse(LOGIN_REDIRECT);
    const notice = query.done !== undefined ? DONE_MESSAGES[query.done] : undefined;
    return this.render(200, session, { notice });
  }

  /** The live browser session of the request, or null. */
  sessionOf(request: FastifyRequest): Promise<CachedSession | null> {
    return this.browserSessions.current(request.headers.cookie);
  }

  /** 302 to the login, which brings the browser back to the account page. */
  toLogin(): BrowserResponse {
    return redirectResponse(LOGIN_REDIRECT);
  }

  async revoke(request: FastifyRequest, form: AccountRevokeFormDto): Promise<BrowserResponse> {
    const check = await this.checkForm(request, form.csrf_token, 'account-revoke');
    if (!check.ok) return check.response;
    const { session } = check;
    const target = (await this.sessions.listLive(session.userId)).find((row) => sessionHandle(row.id) === form.session);
    if (!target) return this.render(404, session, { error: 'That session or token no longer exists.' });
    await this.sessions.revoke(target.id);
    if (target.id === session.id) return redirectResponse('/login', { 'set-cookie': this.browserSessions.clearedCookie(request.protocol) });
    return this.render(200, session, { notice: target.kind === 'token' ? 'Token revoked.' : 'Session ended.' });
  }

  /** Checks the current password, sets the new one (which ends every session), then signs this browser in again. */
  async changePassword(request: FastifyRequest, form: AccountPasswordFormDto): Promise<BrowserResponse> {
    const check = await this.checkForm(request, form.csrf_token, 'account-password');
    if (!check.ok) return check.response;
    const { session } = check;
    if (!(await this.users.verifyCredentials(session.username, form.current_password))) {
      return this.render(400, session, { error: 'The current password is wrong.' });
    }
    try {
      await this.users.setPassword(session.userId, form.new_password);
    } catch (error) {
      if (error instanceof DomainError) return this.render(400, session, { error: `Cannot change the password: ${error.message}.` });
      throw error;
    }
    const cookie = await this.browserSessions.start(session.userId, request.protocol);
    // The new session is read back through the cookie just set, so the page lists it as this browser.
    const fresh = await this.browserSessions.current(cookie.split(';')[0]);
    if (!fresh) return redirectResponse(LOGIN_REDIRECT, { 'set-cookie': cookie });
    return this.render(200, fresh, { notice: 'Password changed. Your other sessions and tokens have ended.', headers: { 'set-cookie': cookie } });
  }

  async createUser(request: FastifyRequest, form: AccountCreateUserFormDto): Promise<BrowserResponse> {
    const check = await this.checkForm(request, form.csrf_token, 'account-create-user', true);
    if (!check.ok) return check.response;
    try {
      const user = await this.users.create(form.username.trim(), form.password, form.is_admin === 'on');
      return this.render(200, check.session, { notice: `User ${user.username} created.` });
    } catch (error) {
      if (error instanceof DomainError)
        return this.render(error.kind === 'conflict' ? 409 : 400, check.session, { error: `Cannot create the user: ${error.message}.` });
      throw error;
    }
  }

  async deleteUser(request: FastifyRequest, form: AccountDeleteUserFormDto): Promise<BrowserResponse> {
    const check = await this.checkForm(request, form.csrf_token, 'account-delete-user', true);
    if (!check.ok) return check.response;
    const id = /^[1-9][0-9]{0,9}$/.test(form.user_id) ? Number(form.user_id) : NaN;
    const user = Number.isSafeInteger(id) && id <= 2147483647 ? await this.users.findById(id) : null;
    if (!user) return this.render(404, check.session, { error: 'No such user.' });
    try {
      await this.users.delete(user.id, { keepAnAdmin: true });
    } catch (error) {
      if (error instanceof DomainError) return this.render(409, check.session, { error: `Cannot delete the user: ${error.message}.` });
      throw error;
    }
    if (user.id === check.session.userId) return redirectResponse('/login', { 'set-cookie': this.browserSessions.clearedCookie(request.protocol) });
    return this.render(200, check.session, { notice: `User ${user.username} deleted.` });
  }

  /**
   * The checks of every form on the page, in the guard's order: a browser session (else to the
   * login), not cross-site (the guard's rule for cookie writes), admin, then the form's CSRF token.
   */
  async checkForm(request: FastifyRequest, csrfToken: string, purpose: CsrfPurpose, adminOnly = false): Promise<FormCheck> {
    const session = await this.browserSessions.current(request.headers.cookie);
    if (!session) return { ok: false, response: redirectResponse(LOGIN_REDIRECT) };
    if (isCrossSiteRequest(request, this.config.PUBLIC_URL)) {
      return { ok: false, response: messageResponse(403, 'Refused', 'Cross-site form posts are refused. Use the form on the account page.') };
    }
    // Before the token, so a refusal that changes nothing does not use one up (a non-admin has no token for these forms anyway).
    if (adminOnly && !session.isAdmin) return { ok: false, response: await this.render(403, session, { error: 'Only admins manage users.' }) };
    if (!(await this.csrf.consume(csrfToken, session.id, purpose))) {
      return { ok: false, response: await this.render(403, session, { error: 'This form has expired or was already used. Use the fresh form below.' }) };
    }
    return { ok: true, session };
  }

  async render(status: number, session: CachedSession, extra: { notice?: string; error?: string; headers?: Record<string, string> }): Promise<BrowserResponse> {
    const issue = (purpose: CsrfPurpose) => this.csrf.issue(session.id, purpose);
    const rows = await this.sessions.listLive(session.userId);
    const sessionViews = [];
    for (const row of rows) {
      sessionViews.push({ ...row, handle: sessionHandle(row.id), current: row.id === session.id, csrfToken: issue('account-revoke') });
    }
    let admin;
    if (session.isAdmin) {
      const users = [];
      for (const user of await this.users.list())
        users.push({ id: user.id, username: user.username, isAdmin: user.isAdmin, csrfToken: issue('account-delete-user') });
      admin = { users, createCsrfToken: issue('account-create-user') };
    }
    const html = accountPage({
      username: session.username,
      sessions: sessionViews,
      passwordCsrfToken: issue('account-password'),
      importCsrfToken: issue('account-import'),
      signoutCsrfToken: issue('signout'),
      notice: extra.notice,
      error: extra.error,
      admin,
    });
    return htmlResponse(status, html, extra.headers);
  }
}
