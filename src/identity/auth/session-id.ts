import { randomBytes } from 'node:crypto';

/**
 * base64url keeping the `=` padding, the encoding the Invidious dialect uses for session ids
 * and token signatures (docs/dialects/invidious.md#token-format). Node's 'base64url' drops the padding, while
 * 'base64' keeps it, so translate the alphabet of the latter.
 */
export function paddedBase64url(bytes: Buffer): string {
  return bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** A new session id: `v1:` + padded base64url of 32 random bytes, 47 characters. */
export function newSessionId(): string {
  return `v1:${paddedBase64url(randomBytes(32))}`;
}
