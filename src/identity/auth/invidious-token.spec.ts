import { createSecretKey, webcrypto } from 'node:crypto';
import * as fc from 'fast-check';
import { InvalidTokenError, canonicalString, parseInvidiousToken, signToken, verifySignature, type InvidiousToken } from './invidious-token.js';
import { newSessionId } from './session-id.js';
import { thrownBy } from '../../platform/testing/thrown.js';

const KEY = Buffer.from('secretkey', 'utf8');

describe('test vectors (docs/dialects/invidious.md#token-format)', () => {
  const vectors = [
    {
      fields: { session: 'v1:AAAA', scopes: ['GET:feed', 'POST:playlists*', ':subscriptions*'] },
      canonical: 'scopes=:subscriptions*,GET:feed,POST:playlists*\nsession=v1:AAAA',
      signature: 'zueVPAhzgubu0_5m7BSP7YNxgXEUcoUyEAWrI6_CHxM=',
      json: '{"session":"v1:AAAA","scopes":["GET:feed","POST:playlists*",":subscriptions*"],"signature":"zueVPAhzgubu0_5m7BSP7YNxgXEUcoUyEAWrI6_CHxM="}',
    },
    {
      fields: { session: 'v1:AAAA', scopes: ['GET:feed'], expire: 1900000000 },
      canonical: 'expire=1900000000\nscopes=GET:feed\nsession=v1:AAAA',
      signature: 'mgvddO8eEuay9bu4alPGj1Q4j7U579S-lMSOQowAZ0o=',
      json: '{"session":"v1:AAAA","scopes":["GET:feed"],"expire":1900000000,"signature":"mgvddO8eEuay9bu4alPGj1Q4j7U579S-lMSOQowAZ0o="}',
    },
  ];

  it.each(vectors)('canonical string of $canonical', ({ fields, canonical }) => {
    expect(canonicalString(fields)).toBe(canonical);
  });

  it.each(vectors)('signature $signature', ({ fields, signature, json }) => {
    const token = signToken(KEY, fields);
    expect(token.signature).toBe(signature);
    expect(token.signature).toHaveLength(44);
    expect(JSON.stringify(token)).toBe(json);
    expect(signToken(createSecretKey(KEY), fields).signature).toBe(signature);
  });

  it.each(vectors)('the compact output parses and verifies: $signature', ({ json }) => {
    const token = parseInvidiousToken(json);
    expect(JSON.stringify(token)).toBe(json);
    expect(verifySignature(KEY, token)).toBe(true);
    expect(verifySignature(createSecretKey(KEY), token)).toBe(true);
  });
});

describe('canonicalString', () => {
  it('leaves out the signature and undefined values; renders null as empty', () => {
    expect(canonicalString({ session: 's', expire: undefined, signature: 'x', nonce: null, scopes: [] })).toBe('nonce=\nscopes=\nsession=s');
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // UTF-8: U+FF5E is EF BD 9E and U+1F600 is F0 9F 98 80, so U+FF5E comes first; in UTF-16
    // (JavaScript's default sort) U+1F600's surrogate D83D would come first.
    expect(canonicalString({ scopes: ['\u{1F600}', '\uFF5E'] })).toBe('scopes=\uFF5E,\u{1F600}');
  });

  it('refuses values it has no canonical form for', () => {
    expect(() => canonicalString({ expire: 1.5 })).toThrow(TypeError);
    expect(() => canonicalString({ flag: true })).toThrow(TypeError);
    expect(() => canonicalString({ scopes: [1] })).toThrow(TypeError);
  });
});

describe('signToken', () => {
  it("does not share the caller's scopes array", () => {
    const scopes = [':feed'];
    const token = signToken(KEY, { session: 'v1:AAAA', scopes });
    scopes.push(':*');
    expect(token.scopes).toEqual([':feed']);
    expect(verifySignature(KEY, token)).toBe(true);
  });
});

describe('verifySignature', () => {
  const token = signToken(KEY, { session: 'v1:AAAA', scopes: ['GET:feed'], expire: 1900000000 });

  it("ignores key order and whitespace in the client's JSON", () => {
    const text = ` { "signature" : "${token.signature}",\n\t"expire": 1900000000, "scopes": [ "GET:feed" ], "session": "v1:AAAA" } `;
    expect(verifySignature(KEY, parseInvidiousToken(text))).toBe(true);
  });

  it('ignores the order of scopes', () => {
    const signed = signToken(KEY, { session: 'v1:AAAA', scopes: ['GET:feed', ':playlists*'] });
    expect(verifySignature(KEY, { ...signed, scopes: [':playlists*', 'GET:feed'] })).toBe(true);
  });

  it.each<[string, InvidiousToken]>([
    ['an added scope', { ...token, scopes: ['GET:feed', ':*'] }],
    ['a changed scope', { ...token, scopes: ['GET:fee'] }],
    ['a later expiry', { ...token, expire: 1900000001 }],
    ['a removed expiry', { session: token.session, scopes: token.scopes, signature: token.signature }],
    ['another session', { ...token, session: 'v1:AAAB' }],
    ['a changed signature', { ...token, signature: 'A' + token.signature.slice(1) }],
    ['a signature without padding', { ...token, signature: token.signature.slice(0, -1) }],
    ['an empty signature', { ...token, signature: '' }],
  ])('detects %s', (_name, tampered) => {
    expect(verifySignature(KEY, tampered)).toBe(false);
  });

  it('rejects a token signed with another key', () => {
    expect(verifySignature(Buffer.from('otherkey'), token)).toBe(false);
  });
});

describe('parseInvidiousToken', () => {
  const sig = '"signature":"s"';

  it.each([
    ['{', 'not valid JSON'],
    ['', 'not valid JSON'],
    ['[]', 'not a JSON object'],
    ['null', 'not a JSON object'],
    ['"v1:AAAA"', 'not a JSON object'],
    [`{"session":"v1:AAAA","scopes":[],"nonce":"n",${sig}}`, 'unexpected key "nonce"'],
    [`{"session":"v1:AAAA","scopes":[],"__proto__":{},${sig}}`, 'unexpected key "__proto__"'],
    ['{"session":"v1:AAAA","scopes":[]}', 'missing key "signature"'],
    [`{"scopes":[],${sig}}`, 'missing key "session"'],
    [`{"session":"v1:AAAA",${sig}}`, 'missing key "scopes"'],
    [`{"session":1,"scopes":[],${sig}}`, '"session" must be a string'],
    [`{"session":"v1:AAAA","scopes":":feed",${sig}}`, '"scopes" must be an array of strings'],
    [`{"session":"v1:AAAA","scopes":[":feed",1],${sig}}`, '"scopes" must be an array of strings'],
    [`{"session":"v1:AAAA","scopes":[],"expire":"1900000000",${sig}}`, '"expire" must be an integer from 0 to 9007199254740991'],
    [`{"session":"v1:AAAA","scopes":[],"expire":null,${sig}}`, '"expire" must be an integer from 0 to 9007199254740991'],
    [`{"session":"v1:AAAA","scopes":[],"expire":-1,${sig}}`, '"expire" must be an integer from 0 to 9007199254740991'],
    [`{"session":"v1:AAAA","scopes":[],"expire":1.5,${sig}}`, '"expire" must be an integer from 0 to 9007199254740991'],
    [`{"session":"v1:AAAA","scopes":[],"expire":9007199254740992,${sig}}`, '"expire" must be an integer from 0 to 9007199254740991'],
    ['{"session":"v1:AAAA","scopes":[],"signature":null}', '"signature" must be a string'],
  ])('rejects %s', (text, detail) => {
    const error = thrownBy(() => parseInvidiousToken(text));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ detail, message: `Invalid token: ${detail}` });
  });

  it('accepts the edges of the expire range', () => {
    expect(parseInvidiousToken(`{"session":"","scopes":[],"expire":0,${sig}}`).expire).toBe(0);
    expect(parseInvidiousToken(`{"session":"","scopes":[],"expire":9007199254740991,${sig}}`).expire).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('returns the keys in output order', () => {
    const token = parseInvidiousToken(`{${sig},"expire":5,"scopes":[],"session":"v1:AAAA"}`);
    expect(Object.keys(token)).toEqual(['session', 'scopes', 'expire', 'signature']);
  });
});

describe('newSessionId', () => {
  it('is v1: plus padded base64url of 32 bytes, 47 characters', () => {
    const id = newSessionId();
    expect(id).toMatch(/^v1:[A-Za-z0-9_-]{43}=$/);
    expect(id).toHaveLength(47);
    expect(Buffer.from(id.slice(3), 'base64url')).toHaveLength(32);
  });

  it('is random', () => {
    expect(new Set(Array.from({ length: 50 }, newSessionId)).size).toBe(50);
  });
});

// ---------------------------------------------------------------------------------------------
// An independent implementation written again from the rules in docs/dialects/invidious.md#token-format, using WebCrypto and
// manual byte comparison, compared with signToken on random tokens.

const utf8 = new TextEncoder();

function byteOrder(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

async function referenceSignature(key: Uint8Array, token: { session: string; scopes: string[]; expire?: number }) {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(token)) {
    if (name === 'signature' || value === undefined) continue;
    const text = Array.isArray(value) ? [...value].sort(byteOrder).join(',') : value === null ? '' : `${value}`;
    lines.push(name + '=' + text);
  }
  const canonical = lines.sort(byteOrder).join('\n');
  const hmacKey = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', hmacKey, utf8.encode(canonical)));
  const unpadded = mac.toString('base64url');
  return unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
}

describe('property: signToken matches an independent implementation of the token signature', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const fieldsArb = fc.record(
    { session: text, scopes: fc.array(text, { maxLength: 5 }), expire: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
    { requiredKeys: ['session', 'scopes'] },
  );

  it('produces the same signature, which verifies and survives a JSON round trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), fieldsArb, async (keyBytes, fields) => {
        const key = Buffer.from(keyBytes);
        const token = signToken(key, fields);
        expect(token.signature).toBe(await referenceSignature(keyBytes, fields));
        expect(token.signature).toHaveLength(44);
        const reparsed = parseInvidiousToken(JSON.stringify(token));
        expect(reparsed).toEqual(token);
        expect(verifySignature(key, reparsed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
