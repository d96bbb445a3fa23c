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

export function permissionError(dialect: Dialect, reason: 'scope' | 'admin'): ApiError {
  if (dialect === 'invidious') {
    return new ApiError(403, { error: reason === 'scope' ? 'Invalid scope' : 'This action requires an admin account' });
  }
  return new ApiError(403, { detail: 'You do not have permission to perform this action.' });
}

export function crossSiteError(dialect: Dialect): ApiError {
  return dialect === 'invidious'
    ? new ApiError(403, { error: 'Cross-site request refused' })
    : new ApiError(403, { detail: 'CSRF Failed: Cross-site request refused.' });
}

export function invalidPathError(dialect: Dialect): ApiError {
  return dialect === 'invidious' ? new ApiError(400, { error: 'Invalid request path' }) : new ApiError(400, { detail: 'Invalid request path.' });
}
