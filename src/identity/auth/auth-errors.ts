import { ApiError } from '../../platform/http/api-error.js';
import type { Dialect } from '../../platform/http/dialect.js';
import type { CredentialFailure } from './credentials.js';

/** Invidious's messages (docs/dialects/invidious.md#order-of-credential-checks), all 403. */
const INVIDIOUS: Record<CredentialFailure, string> = {
  missing: 'Request must be authenticated',
  'empty-keyword': 'Invalid token',
  spaces: 'Invalid token',
  malformed: 'Invalid token',
  signature: 'Invalid signature',
  expired: 'Token is expired, please try again',
  session: 'Request must be authenticated',
  'sid-not-browser': 'Cannot use token as SID',
};

/** DRF's messages as TubeArchivist sends them (docs/dialects/tubearchivist.md#authentication-errors), all 403. */
const TUBEARCHIVIST: Record<CredentialFailure, string> = {
  missing: 'Authentication credentials were not provided.',
  'empty-keyword': 'Invalid token header. No credentials provided.',
  spaces: 'Invalid token header. Token string should not contain spaces.',
  malformed: 'Invalid token.',
  signature: 'Invalid token.',
  expired: 'Invalid token.',
  session: 'Invalid token.',
  'sid-not-browser': 'Invalid token.',
};

export function credentialError(dialect: Dialect, failure: CredentialFailure, detail: string | undefined, viaCookie: boolean): ApiError {
  if (dialect === 'invidious') {
    const message = failure === 'malformed' && detail ? `Invalid token: ${detail}` : INVIDIOUS[failure];
    return new ApiError(403, { error: message });
  }
  // An unknown browser session is no credential at all, as in DRF's session authentication.
  const message = viaCookie && failure === 'session' ? TUBEARCHIVIST.missing : TUBEARCHIVIST[failure];
  return new ApiError(403, { detail: message });
}

const ADMIN_SCOPE_FIX =
  'Admin routes take a login token or a browser session, or an Invidious token with a scope naming the route (e.g. GET:users*); GET:* and :* do not reach them.';

export function permissionError(dialect: Dialect, reason: 'scope' | 'admin' | 'admin-scope'): ApiError {
  if (dialect === 'invidious') {
    const messages = { scope: 'Invalid scope', admin: 'This action requires an admin account', 'admin-scope': `Invalid scope. ${ADMIN_SCOPE_FIX}` };
    return new ApiError(403, { error: messages[reason] });
  }
  const suffix = reason === 'admin-scope' ? ` ${ADMIN_SCOPE_FIX}` : '';
  return new ApiError(403, { detail: `You do not have permission to perform this action.${suffix}` });
}

export function crossSiteError(dialect: Dialect): ApiError {
  return dialect === 'invidious'
    ? new ApiError(403, { error: 'Cross-site request refused' })
    : new ApiError(403, { detail: 'CSRF Failed: Cross-site request refused.' });
}

export function invalidPathError(dialect: Dialect): ApiError {
  return dialect === 'invidious' ? new ApiError(400, { error: 'Invalid request path' }) : new ApiError(400, { detail: 'Invalid request path.' });
}
