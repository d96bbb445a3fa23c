import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../../platform/redis/redis.module.js';
import { KeysService } from '../auth/keys.service.js';

/** docs/dialects/invidious.md#authorize-token-page: a form token lives 6 hours. */
const CSRF_TOKEN_TTL_SECONDS = 6 * 60 * 60;
/** base64url of 32 bytes, unpadded: anything else cannot be one of ours, so nothing is computed. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** The form a token was issued for: a token shown in one form is refused by every other. */
export type CsrfPurpose =
  'signout' | 'authorize-token' | 'account-revoke' | 'account-password' | 'account-create-user' | 'account-delete-user' | 'account-import';

// Token bytes: expiry (uint32, Unix seconds) | nonce | binding tag | MAC. The MAC proves we issued
// the token for this purpose and expiry; the binding tag ties it to one session. Both are truncated
// HMAC-SHA256: guessing either is an online attack against 2^64 or more possibilities.
const EXPIRY_BYTES = 4;
const NONCE_BYTES = 10;
const TAG_BYTES = 8;
const MAC_BYTES = 10;
const SIGNED_BYTES = EXPIRY_BYTES + NONCE_BYTES + TAG_BYTES;

/**
 * CSRF tokens of the HTML forms (`/authorize_token`, `/signout`, the account page): bound to the
 * browser session that was shown the form and to the form, valid 6 hours, single-use for life
 * (unlike Invidious's replayable nonces, docs/dialects/invidious.md#invidious-behaviours-not-copied).
 * Issuing is pure computation, so showing pages stores nothing; only a token that is presented
 * leaves a "used" marker in Redis (shared by every instance), which expires with the token.
 */
@Injectable()
export class CsrfService {
  /** Derived on first use: the secret is loaded when the modules start. */
  private key: Buffer | undefined;

  constructor(
    private readonly redis: RedisService,
    private readonly keys: KeysService,
  ) {}

  issue(sessionId: string, purpose: CsrfPurpose): string {
    const token = Buffer.alloc(SIGNED_BYTES + MAC_BYTES);
    token.writeUInt32BE(Math.floor(Date.now() / 1000) + CSRF_TOKEN_TTL_SECONDS, 0);
    randomBytes(NONCE_BYTES).copy(token, EXPIRY_BYTES);
    this.bindingTag(token, purpose, sessionId).copy(token, EXPIRY_BYTES + NONCE_BYTES);
    this.mac(token, purpose).copy(token, SIGNED_BYTES);
    return token.toString('base64url');
  }

  /**
   * True when `token` was issued for `purpose` to `sessionId` less than 6 hours ago and never
   * presented before. The check of the signature, the expiry and the session is pure; the use is
   * one SET NX, so two concurrent posts cannot both pass. A genuine token presented with the wrong
   * session is used up too.
   */
  async consume(token: string | undefined, sessionId: string, purpose: CsrfPurpose): Promise<boolean> {
    if (token === undefined || !TOKEN_FORMAT.test(token)) return false;
    const bytes = Buffer.from(token, 'base64url');
    // One spelling per token: the last character's two spare bits must be zero, as we wrote them.
    if (bytes.toString('base64url') !== token) return false;
    if (!timingSafeEqual(this.mac(bytes, purpose), bytes.subarray(SIGNED_BYTES))) return false;
    const remainingMs = bytes.readUInt32BE(0) * 1000 - Date.now();
    if (remainingMs <= 0) return false;
    const bound = timingSafeEqual(this.bindingTag(bytes, purpose, sessionId), bytes.subarray(EXPIRY_BYTES + NONCE_BYTES, SIGNED_BYTES));
    const nonce = bytes.subarray(EXPIRY_BYTES, EXPIRY_BYTES + NONCE_BYTES).toString('base64url');
    const first = await this.redis.commands.set(this.redis.key('csrf-used', nonce), '1', 'PX', Math.ceil(remainingMs), 'NX');
    return bound && first === 'OK';
  }

  private bindingTag(token: Buffer, purpose: CsrfPurpose, sessionId: string): Buffer {
    return this.hmac(['bind', purpose, token.subarray(0, EXPIRY_BYTES + NONCE_BYTES).toString('base64url'), sessionId]).subarray(0, TAG_BYTES);
  }

  private mac(token: Buffer, purpose: CsrfPurpose): Buffer {
    return this.hmac(['mac', purpose, token.subarray(0, SIGNED_BYTES).toString('base64url')]).subarray(0, MAC_BYTES);
  }

  /** Fields joined by NUL, which none of them can contain (purposes and base64url are ASCII; session ids are `v1:` + base64url). */
  private hmac(fields: string[]): Buffer {
    this.key ??= this.keys.derive('csrf-token');
    return createHmac('sha256', this.key).update(fields.join('\0')).digest();
  }
}
