import { escapeHtml, hiddenField, page } from './html.js';

export interface AccountSessionView {
  /** A non-secret handle of the session (the id itself is the credential). */
  handle: string;
  kind: 'browser' | 'token' | 'ta';
  scopes: string[];
  issuedAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** A token minted through `/authorize_token` with a callback: where it was sent. */
  callbackOrigin: string | null;
  /** The session of the browser viewing the page. */
  current: boolean;
  csrfToken: string;
}

export interface AccountUserView {
  id: number;
  username: string;
  isAdmin: boolean;
  csrfToken: string;
}

export interface AccountPageOptions {
  username: string;
  sessions: AccountSessionView[];
  passwordCsrfToken: string;
  importCsrfToken: string;
  signoutCsrfToken: string;
  /** What the last form did, shown at the top. */
  notice?: string;
  error?: string;
  /** Admins only: every user, and the token of the create-user form. */
  admin?: { users: AccountUserView[]; createCsrfToken: string };
}

const KIND_LABELS: Record<AccountSessionView['kind'], string> = {
  browser: 'Browser session (log-in form)',
  token: 'API token (app, through /authorize_token or the token API)',
  ta: 'TubeArchivist app session (POST /api/login/)',
};

function time(value: Date | null, none: string): string {
  return value ? escapeHtml(value.toISOString().replace(/\.\d{3}Z$/, 'Z')) : none;
}

function sessionRow(session: AccountSessionView): string {
  const label = escapeHtml(KIND_LABELS[session.kind]) + (session.current ? ' <b>(this browser)</b>' : '');
  // The origin comes from a link a client built: only ever shown escaped.
  const grantedTo = session.callbackOrigin ? `<br>Granted to <code class="granted-to">${escapeHtml(session.callbackOrigin)}</code>` : '';
  const scopes = session.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ');
  const button = session.current ? 'Sign out' : 'Revoke';
  return (
    `<li data-kind="${escapeHtml(session.kind)}"${session.current ? ' data-current="true"' : ''}>${label}${grantedTo}<br>Scopes: ${scopes}<br>` +
    `Created ${time(session.issuedAt, '')}, last used ${time(session.lastUsedAt, 'never')}, expires ${time(session.expiresAt, 'never')}` +
    `<form method="post" action="/account/revoke">${hiddenField('session', session.handle)}${hiddenField('csrf_token', session.csrfToken)}` +
    `<button type="submit">${button}</button></form></li>`
  );
}

function adminSection(admin: NonNullable<AccountPageOptions['admin']>): string {
  const users = admin.users
    .map(
      (user) =>
        `<li>${escapeHtml(user.username)}${user.isAdmin ? ' (admin)' : ''} ` +
        `<form method="post" action="/account/users/delete">${hiddenField('user_id', String(user.id))}${hiddenField('csrf_token', user.csrfToken)}` +
        `<button type="submit">Delete ${escapeHtml(user.username)}</button></form></li>`,
    )
    .join('');
  return (
    `<section><h2>Users</h2><ul>${users}</ul>` +
    `<h3>Create a user</h3><form method="post" action="/account/users">${hiddenField('csrf_token', admin.createCsrfToken)}` +
    '<label>Username <input type="text" name="username" required maxlength="64" autocomplete="off"></label>' +
    '<label>Password (at least 8 characters) <input type="password" name="password" required minlength="8" autocomplete="new-password"></label>' +
    '<label><input type="checkbox" name="is_admin" value="on"> Admin</label>' +
    '<button type="submit">Create user</button></form></section>'
  );
}

/** `GET /account`: the signed-in user's sessions and tokens, password, library transfer and (admins) users. */
export function accountPage(options: AccountPageOptions): string {
  const parts: string[] = [];
  if (options.error) parts.push(`<p class="warning" role="alert">${escapeHtml(options.error)}</p>`);
  if (options.notice) parts.push(`<p role="status">${escapeHtml(options.notice)}</p>`);
  parts.push(
    `<p>Signed in as <b>${escapeHtml(options.username)}</b>. <a href="/">Front page</a></p>` +
      `<form method="post" action="/signout">${hiddenField('csrf_token', options.signoutCsrfToken)}<button type="submit">Sign out</button></form>`,
  );
  parts.push(`<section><h2>Sessions and tokens</h2><ul id="sessions">${options.sessions.map(sessionRow).join('')}</ul></section>`);
  parts.push(
    `<section><h2>Change password</h2><p>Every other session and token of yours ends; this browser stays signed in.</p>` +
      `<form method="post" action="/account/password">${hiddenField('csrf_token', options.passwordCsrfToken)}` +
      '<label>Current password <input type="password" name="current_password" required autocomplete="current-password"></label>' +
      '<label>New password (at least 8 characters) <input type="password" name="new_password" required minlength="8" autocomplete="new-password"></label>' +
      '<button type="submit">Change password</button></form></section>',
  );
  parts.push(
    '<section><h2>Subscriptions and playlists</h2>' +
      '<p><a href="/account/export" download>Download the export</a> (Invidious JSON: subscriptions, history, preferences, playlists)</p>' +
      `<form method="post" action="/account/import" enctype="multipart/form-data">${hiddenField('csrf_token', options.importCsrfToken)}` +
      '<label>Format <select name="format"><option value="subscriptions">YouTube CSV, FreeTube, OPML or NewPipe subscriptions</option>' +
      '<option value="invidious">Invidious export (JSON)</option></select></label>' +
      '<label>File <input type="file" name="file" required></label>' +
      '<button type="submit">Import</button></form></section>',
  );
  if (options.admin) parts.push(adminSection(options.admin));
  return page('Account', parts.join('\n'));
}
