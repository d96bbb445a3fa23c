import { randomBytes } from 'node:crypto';
import { openCookie, sealCookie } from './cookie-cipher.js';

describe('sealCookie / openCookie', () => {
  const key = randomBytes(32);
  const text = '# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tCANARY\tzz9-canary-value\n';

  it('round-trips, with a fresh nonce for every write and no plain text', () => {
    const first = sealCookie(text, key);
    const second = sealCookie(text, key);
    expect(first.nonce).toHaveLength(12);
    expect(first.authTag).toHaveLength(16);
    expect(first.nonce.equals(second.nonce)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.ciphertext.includes('zz9-canary-value')).toBe(false);
    expect(openCookie(first, key)).toBe(text);
  });

  it('does not open under another key or when tampered with', () => {
    const sealed = sealCookie(text, key);
    expect(openCookie(sealed, randomBytes(32))).toBeUndefined();
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[0] ^= 1;
    expect(openCookie({ ...sealed, ciphertext: tampered }, key)).toBeUndefined();
  });
});
