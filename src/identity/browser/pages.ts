import { tryParseGrantedScope, describeScope, HTTP_METHODS } from '../scopes/scope.js';
import { callbackOrigin } from '../tokens/callback-url.js';
import type { AuthorizeRequest } from './authorize-request.js';
import { escapeHtml, hiddenField, page } from './html.js';

export interface LoginPageOptions {
  /** Where to go after logging in; posted back as is and checked by the login. */
  referer?: string;
  registrationEnabled: boolean;
  /** Shown above the forms, e.g. "Wrong username or password". */
  error?: string;
  /** When the browser is already signed in: who, and the CSRF token of the sign-out form. */
  signedIn?: { username: string; csrfToken: string };
}

export function loginPage(options: LoginPageOptions): string {
  const referer = options.referer ? hiddenField('referer', options.referer) : '';
  const parts: string[] = [];
  if (options.error) parts.push(`<p class="warning" role="alert">${escapeHtml(options.error)}</p>`);
  if (options.signedIn) {
    parts.push(
      `<p>You are signed in as <b>${escapeHtml(options.signedIn.username)}</b>.</p>` +
        `<form method="post" action="/signout">${hiddenField('csrf_token', options.signedIn.csrfToken)}<button type="submit">Sign out</button></form>`,
    );
  }
  parts.push(
    `<form method="post" action="/login">${referer}` +
      '<label>Username or email <input type="text" name="email" autocomplete="username" required></label>' +
      '<label>Password <input type="password" name="password" autocomplete="current-password" required></label>' +
      '<button type="submit">Log in</button></form>',
  );
  if (options.registrationEnabled) {
    parts.push(
      `<section><h2>Register</h2><form method="post" action="/login">${hiddenField('action', 'register')}${referer}` +
        '<label>Username <input type="text" name="username" autocomplete="username" required maxlength="64"></label>' +
        '<label>Password (at least 8 characters) <input type="password" name="password" autocomplete="new-password" required minlength="8"></label>' +
        '<button type="submit">Register</button></form></section>',
    );
  }
  return page('Log in', parts.join('\n'));
}

/** Every method on every endpoint, however it is spelled (`:*`, `;:*`, `GET;POST;PUT;DELETE;PATCH:*`). */
function isFullAccess(scope: string): boolean {
  const parsed = tryParseGrantedScope(scope);
  return parsed !== null && parsed.prefix && parsed.endpoint === '' && parsed.methods.size === HTTP_METHODS.length;
}

function expiryText(expire: number | undefined, now: number): string {
  if (expire === undefined) return 'The token never expires; you can revoke it at any time.';
  const until = new Date(now + expire * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `The token expires in ${expire} seconds, at ${until}.`;
}

export interface ConsentPageOptions {
  request: AuthorizeRequest;
  username: string;
  csrfToken: string;
  now: number;
}

/** docs/dialects/invidious.md#authorize-token-page: the question, what each scope allows, the expiry, and Yes (a post) or No (a link). */
export function consentPage({ request, username, csrfToken, now }: ConsentPageOptions): string {
  const title = request.callback ? `Authorize token for ${callbackOrigin(request.callback)}?` : 'Authorize token?';
  const scopes = request.scopes
    .map((scope) => {
      const flag = isFullAccess(scope) ? '<strong class="warning">Full access:</strong> ' : '';
      return `<li>${flag}<code>${escapeHtml(scope)}</code>: ${escapeHtml(describeScope(scope))}</li>`;
    })
    .join('');
  const hidden = [
    ...request.scopes.map((scope, index) => hiddenField(`scopes[${index}]`, scope)),
    hiddenField('callbackUrl', request.callbackText ?? ''),
    hiddenField('expire', request.expire === undefined ? '' : String(request.expire)),
    hiddenField('csrf_token', csrfToken),
  ].join('');
  const noTarget = request.callback ? request.callback.href.split(/[?#]/)[0] : '/';
  const body =
    `<p>Signed in as <b>${escapeHtml(username)}</b>. The token will allow:</p><ul>${scopes}</ul>` +
    `<p>${escapeHtml(expiryText(request.expire, now))}</p>` +
    `<form method="post" action="/authorize_token">${hidden}<button type="submit">Yes</button> <a href="${escapeHtml(noTarget)}">No</a></form>`;
  return page(title, body);
}

/** docs/dialects/invidious.md#authorize-token-post without a callback: the token, for the user to paste into their client. */
export function tokenPage(tokenJson: string): string {
  return page('Token created', `<p>Paste this token into your application. It is shown only once.</p><p><code>${escapeHtml(tokenJson)}</code></p>`);
}
