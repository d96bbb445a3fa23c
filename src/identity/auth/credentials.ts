/**
 * Reading a request's credential (docs/dialects/invidious.md#credentials, docs/dialects/tubearchivist.md#credentials): plain functions, no Nest.
 * A non-empty Authorization (or, failing that, Authentication) header decides; else the SID cookie.
 */

export type CredentialFailure =
  | 'missing' // nothing usable was sent
  | 'empty-keyword' // "Token" with nothing after it
  | 'spaces' // keyword + value with inner whitespace that is not a JSON token
  | 'malformed' // not a JSON token or JWT, or unparseable
  | 'signature' // HMAC or JWT signature wrong
  | 'expired'
  | 'session' // session unknown, revoked, expired, wrong kind for the credential, or user gone
  | 'sid-not-browser'; // a SID cookie naming a token session

export class CredentialError extends Error {
  constructor(
    readonly failure: CredentialFailure,
    readonly detail?: string,
  ) {
    super(detail ? `${failure}: ${detail}` : failure);
  }
}

export type RawCredential = { type: 'json-token'; text: string } | { type: 'jwt'; text: string } | { type: 'sid'; sessionId: string };

const KEYWORD = /^(bearer|token)(?:\s+|$)/i;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `application/x-www-form-urlencoded` decoding of one value: `+` is a space, `%XX` a byte (UTF-8). */
export function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new CredentialError('malformed');
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads the `SID` cookie out of a Cookie header, percent-decoded once. */
export function sidCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'SID') continue;
    const raw = part.slice(eq + 1).trim();
    if (!raw) return undefined;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Classifies what the request carries, without verifying anything. Throws CredentialError. */
export function readCredential(headers: Record<string, string | string[] | undefined>): RawCredential {
  const header = headerValue(headers.authorization) ?? headerValue(headers.authentication);
  if (header !== undefined) {
    const keyword = KEYWORD.exec(header);
    const value = keyword ? header.slice(keyword[0].length).trim() : header;
    if (keyword && !value) throw new CredentialError('empty-keyword');
    const decoded = formDecode(value);
    if (decoded.startsWith('{')) return { type: 'json-token', text: decoded };
    if (/\s/.test(decoded)) throw new CredentialError(keyword ? 'spaces' : 'malformed');
    if (JWT.test(decoded)) return { type: 'jwt', text: decoded };
    throw new CredentialError('malformed');
  }
  const cookieHeader = headerValue(headers.cookie);
  const sid = sidCookie(cookieHeader);
  if (sid) return { type: 'sid', sessionId: sid };
  throw new CredentialError('missing');
}
