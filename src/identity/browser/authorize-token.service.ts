import { Injectable } from '@nestjs/common';
import type { InvidiousToken } from '../auth/invidious-token.js';
import { callbackOrigin, callbackWithToken } from '../tokens/callback-url.js';
import { ForbiddenError } from '../../platform/errors/domain-errors.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AuthorizeParameterError, authorizeRequestFromForm, authorizeRequestFromQuery, type AuthorizeRequest } from './authorize-request.js';
import { BrowserSessionService } from './browser-session.service.js';
import { htmlResponse, messageResponse, redirectResponse, type BrowserResponse } from './browser-response.js';
import { CsrfService } from './csrf.service.js';
import type { AuthorizeTokenFormDto } from './browser.dto.js';
import { escapeHtml, page } from './html.js';
import { consentPage, tokenPage } from './pages.js';

/** GET and POST `/authorize_token` (docs/dialects/invidious.md#authorize-token-page, #authorize-token-post): a signed-in user grants a client a scoped token. */
@Injectable()
export class AuthorizeTokenService {
  constructor(
    private readonly browserSessions: BrowserSessionService,
    private readonly csrf: CsrfService,
    private readonly tokens: TokensService,
  ) {}

  /**
   * The consent page. Parameters are checked first, so a bad link fails before any login; without a
   * browser session the user logs in and comes back to this same URL.
   */
  async consentPage(query: Record<string, unknown>, url: string, cookieHeader: string | undefined): Promise<BrowserResponse> {
    const parsed = this.parse(() => authorizeRequestFromQuery(query));
    if ('rejection' in parsed) return parsed.rejection;
    const { request } = parsed;
    const session = await this.browserSessions.current(cookieHeader);
    if (!session) return redirectResponse(`/login?referer=${encodeURIComponent(url)}`);
    const csrfToken = this.csrf.issue(session.id, 'authorize-token');
    return htmlResponse(200, consentPage({ request, username: session.username, csrfToken, now: Date.now() }));
  }

  /**
   * The "Yes" of the consent page: session, then CSRF token, then the parameters again, then a new
   * `token` session. The token goes to the callback (302, encoded twice) or onto a page.
   */
  async authorize(form: AuthorizeTokenFormDto, cookieHeader: string | undefined): Promise<BrowserResponse> {
    const session = await this.browserSessions.current(cookieHeader);
    if (!session) return redirectResponse('/login');
    if (!(await this.csrf.consume(form.csrf_token, session.id, 'authorize-token'))) {
      return messageResponse(
        403,
        'Form expired',
        'This authorization form has expired or was already used. Go back to the application and start the login again.',
      );
    }
    const parsed = this.parse(() => authorizeRequestFromForm(form));
    if ('rejection' in parsed) return parsed.rejection;
    const { request } = parsed;

    let token: InvidiousToken;
    try {
      token = await this.tokens.mint(this.browserSessions.principalOf(session), {
        scopes: request.scopes,
        expire: request.expire,
        callbackOrigin: request.callback && callbackOrigin(request.callback),
      });
    } catch (error) {
      // A browser session holds full access, so this is not expected; answer it as a page all the same.
      if (error instanceof ForbiddenError) return messageResponse(403, 'Cannot create the token', error.message);
      throw error;
    }
    const tokenJson = JSON.stringify(token);
    if (!request.callback) return htmlResponse(200, tokenPage(tokenJson));
    return redirectResponse(callbackWithToken(request.callback, { token: tokenJson, username: session.username }));
  }

  /** The validated request, or the 400 page naming the bad parameter. */
  private parse(read: () => AuthorizeRequest): { request: AuthorizeRequest } | { rejection: BrowserResponse } {
    try {
      return { request: read() };
    } catch (error) {
      if (!(error instanceof AuthorizeParameterError)) throw error;
      const body = `<p>Bad parameter <code>${escapeHtml(error.parameter)}</code>: ${escapeHtml(error.message)}</p><p>The application that sent you here built a wrong link.</p>`;
      return { rejection: htmlResponse(400, page('Bad authorization request', body)) };
    }
  }
}
