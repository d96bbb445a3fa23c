// The Invidious JSON token: canonical string, HMAC signature and strict parsing (docs/dialects/invidious.md#token-format).
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { paddedBase64url } from './session-id.js';

export interface InvidiousToken {
  session: string;
  scopes: string[];
  /** Absolute expiry in Unix seconds; absent when the token never expires. */
  expire?: number;
  signature: string;
}

export type TokenFields = Omit<InvidiousToken, 'signature'>;

/** The token could not be accepted; the message is the 403 body text (`Invalid token: <detail>`). */
export class InvalidTokenError extends Error {
  constructor(readonly detail: string) {
    super(`Invalid token: ${detail}`);
    this.name = 'InvalidTokenError';
  }
}

const MAX_EXPIRE = Number.MAX_SAFE_INTEGER; // 2^53 − 1

function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function canonicalValue(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return [...value].sort(compareBytewise).join(',');
  }
  throw new TypeError(`Cannot canonicalise token key "${key}": expected a string, integer, null or string array`);
}

/**
 * The string the signature covers: one `key=value` line per key except `signature`, arrays
 * sorted and comma-joined, lines sorted bytewise, joined by "\n". Keys whose value is
 * `undefined` are left out, as JSON.stringify would drop them.
 */
export function canonicalString(token: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(token)) {
    if (key === 'signature' || value === undefined) continue;
    lines.push(`${key}=${canonicalValue(key, value)}`);
  }
  return lines.sort(compareBytewise).join('\n');
}

function signCanonical(key: Buffer | KeyObject, canonical: string): string {
  return paddedBase64url(createHmac('sha256', key).update(canonical, 'utf8').digest());
}

/** Signs the fields; the result's key order (session, scopes, expire, signature) is the output order. */
export function signToken(key: Buffer | KeyObject, fields: TokenFields): InvidiousToken {
  const unsigned: TokenFields = { session: fields.session, scopes: [...fields.scopes] };
  if (fields.expire !== undefined) unsigned.expire = fields.expire;
  return { ...unsigned, signature: signCanonical(key, canonicalString({ ...unsigned })) };
}

/** Constant-time check of the token's signature against one recomputed from its fields. */
export function verifySignature(key: Buffer | KeyObject, token: InvidiousToken): boolean {
  const expected = Buffer.from(signCanonical(key, canonicalString({ ...token })), 'utf8');
  const given = Buffer.from(token.signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a signature is no secret.
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const ALLOWED_KEYS = new Set(['session', 'scopes', 'expire', 'signature']);

/**
 * Parses the decoded header value of a JSON token, accepting only the four keys of the token format with
 * their types (unlike Invidious, which signs whatever keys a client adds).
 * @throws InvalidTokenError naming the first problem found.
 */
export function parseInvidiousToken(text: string): InvidiousToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidTokenError('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidTokenError('not a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!ALLOWED_KEYS.has(key)) throw new InvalidTokenError(`unexpected key "${key}"`);
  }

  for (const key of ['session', 'scopes', 'signature']) {
    if (!Object.hasOwn(fields, key)) throw new InvalidTokenError(`missing key "${key}"`);
  }

  const { session, scopes, expire, signature } = fields;
  if (typeof session !== 'string') throw new InvalidTokenError('"session" must be a string');
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    throw new InvalidTokenError('"scopes" must be an array of strings');
  }
  if (expire !== undefined && !(Number.isSafeInteger(expire) && (expire as number) >= 0)) {
    throw new InvalidTokenError(`"expire" must be an integer from 0 to ${MAX_EXPIRE}`);
  }
  if (typeof signature !== 'string') throw new InvalidTokenError('"signature" must be a string');

  // Built in output order: session, scopes, expire, signature.
  return expire === undefined
    ? { session, scopes: scopes as string[], signature }
    : { session, scopes: scopes as string[], expire: expire as number, signature };
}
