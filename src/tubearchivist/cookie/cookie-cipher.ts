import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedCookie {
  ciphertext: Buffer;
  /** 12 random bytes, fresh for every write: GCM must never reuse a nonce under one key. */
  nonce: Buffer;
  authTag: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
/** Binds the ciphertext to its purpose, so it cannot be passed off as another sealed value. */
const ASSOCIATED_DATA = Buffer.from('tubevault:youtube-cookie:v1');

/** Encrypts the cookie text with a 32-byte key (AES-256-GCM). */
export function sealCookie(text: string, key: Buffer): SealedCookie {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce).setAAD(ASSOCIATED_DATA);
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { ciphertext, nonce, authTag: cipher.getAuthTag() };
}

/** The cookie text, or undefined when it does not authenticate under `key` (e.g. SECRET_KEY changed). */
export function openCookie(sealed: SealedCookie, key: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, sealed.nonce).setAAD(ASSOCIATED_DATA).setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
