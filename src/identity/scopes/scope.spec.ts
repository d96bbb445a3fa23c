import * as fc from 'fast-check';
import {
  HTTP_METHODS,
  PathNormalisationError,
  ScopeParseError,
  describeScope,
  grants,
  grantsExplicitly,
  isSubset,
  normaliseScopePath,
  parseScope,
  tryParseGrantedScope,
} from './scope.js';
import { thrownBy } from '../../platform/testing/thrown.js';

/** grants() on a raw request path, as the guard will call it. */
function allowed(granted: readonly string[], method: string, rawPath: string): boolean {
  return grants(granted, method, normaliseScopePath(rawPath));
}

describe('grants: worked examples (docs/dialects/invidious.md#scope-examples)', () => {
  const rows: [granted: string, method: string, path: string, expected: boolean | 400][] = [
    [':*', 'GET', 'feed', true],
    ['GET:feed', 'POST', 'feed', false],
    ['get:feed', 'GET', 'feed', true],
    ['GET:FEED', 'GET', 'feed', false],
    ['GET:playlists/IVPLab', 'GET', 'playlists/IVPLAB', false],
    ['GET;POST:playlists*', 'POST', 'playlists/IVPLx/videos', true],
    ['GET:playlists', 'GET', 'playlists/IVPLx', false],
    ['GET:playlists/*', 'GET', 'playlists', false],
    ['GET:sub*', 'GET', 'subscriptions', true],
    [':feed', 'DELETE', 'feed', true],
    [';:*', 'PATCH', 'playlists/x', true],
    ['GET:/feed', 'GET', 'feed', false],
    ['*', 'GET', 'feed', false],
    ['GET:feed', 'HEAD', 'feed', true],
    ['GET:feed', 'GET', 'feed/', true],
    ['GET:playlists/A', 'GET', 'playlists/A/../B', 400],
  ];

  it.each(rows)('%s grants %s %s: %s', (granted, method, path, expected) => {
    if (expected === 400) {
      expect(() => allowed([granted], method, path)).toThrow(PathNormalisationError);
    } else {
      expect(allowed([granted], method, path)).toBe(expected);
    }
  });

  it('accepts pre-parsed scopes as well as strings', () => {
    const parsed = [parseScope('GET;POST:playlists*')];
    expect(grants(parsed, 'post', 'playlists/IVPLx')).toBe(true);
    expect(grants(parsed, 'DELETE', 'playlists/IVPLx')).toBe(false);
  });

  it('grants when any one scope covers the request', () => {
    const clientScopes = [':feed', ':subscriptions*', ':playlists*', ':history*', ':notifications*'];
    expect(grants(clientScopes, 'DELETE', 'history/dQw4w9WgXcQ')).toBe(true);
    expect(grants(clientScopes, 'GET', 'tokens')).toBe(false);
    expect(grants([], 'GET', 'feed')).toBe(false);
  });

  it('never grants OPTIONS or unknown methods (preflights are let through before the scope check)', () => {
    expect(grants([':*'], 'OPTIONS', 'feed')).toBe(false);
    expect(grants([':*'], 'TRACE', 'feed')).toBe(false);
  });

  it('splits a granted scope at its first ":" only', () => {
    expect(grants(['GET:a:b'], 'GET', 'a')).toBe(false);
    expect(grants(['GET:a:b'], 'GET', 'a:b')).toBe(true);
  });

  it('treats a granted scope with an unknown method as malformed', () => {
    expect(tryParseGrantedScope('GET;HEAD:feed')).toBeNull();
    expect(grants(['GET;HEAD:feed'], 'GET', 'feed')).toBe(false);
  });
});

describe('grantsExplicitly: scopes that name the route (admin routes)', () => {
  it.each([
    [['GET:users'], 'GET', 'users', true],
    [[':users*'], 'DELETE', 'users/5', true],
    [['GET:users/*'], 'GET', 'users/5', true],
    [['GET:*'], 'GET', 'users', false],
    [[':*'], 'POST', 'users', false],
    [['GET:u*'], 'GET', 'users', false],
    [['GET:users'], 'POST', 'users', false],
    [['GET:usersx*'], 'GET', 'users', false],
  ] as const)('%j on %s %s: %s', (scopes, method, path, expected) => {
    expect(grantsExplicitly(scopes, method, path)).toBe(expected);
  });
});

describe('tryParseGrantedScope', () => {
  it('returns the methods, endpoint and prefix flag', () => {
    const scope = tryParseGrantedScope('get;;Post:playlists*');
    expect(scope).not.toBeNull();
    expect([...scope!.methods].sort()).toEqual(['GET', 'POST']);
    expect(scope!.endpoint).toBe('playlists');
    expect(scope!.prefix).toBe(true);
    expect(scope!.raw).toBe('get;;Post:playlists*');
  });

  it('gives every method to an empty method list', () => {
    expect([...tryParseGrantedScope(':feed')!.methods].sort()).toEqual([...HTTP_METHODS].sort());
  });

  it('returns null without a ":"', () => {
    expect(tryParseGrantedScope('*')).toBeNull();
    expect(tryParseGrantedScope('feed')).toBeNull();
  });

  it('returns null for a scope with a comma, which would sign like two scopes', () => {
    expect(tryParseGrantedScope(':feed,*')).toBeNull();
    expect(grants([':feed,*'], 'GET', 'feed,')).toBe(false);
  });
});

describe('isSubset: mintable scopes (docs/dialects/invidious.md#minting-scopes)', () => {
  const rows: [caller: string[], requested: string, mintable: boolean][] = [
    [[':*'], ':feed', true],
    [['GET:feed'], ':feed', false],
    [['GET:feed', 'POST:feed'], 'GET;POST:feed', true],
    [['GET;POST:playlists*'], 'GET:playlists*', true],
    [['GET:playlists/*'], 'GET:playlists*', false],
    [['GET:playlists'], 'GET:playlists*', false],
  ];

  it.each(rows)('caller %j, requested %s: %s', (caller, requested, mintable) => {
    expect(isSubset([requested], caller)).toEqual(mintable ? { ok: true } : { ok: false, scope: requested });
  });

  it('applies the endpoint inclusion rules', () => {
    expect(isSubset(['GET:feed'], ['GET:feed']).ok).toBe(true); // exact in equal exact
    expect(isSubset(['GET:feeds'], ['GET:feed']).ok).toBe(false); // exact in other exact
    expect(isSubset(['GET:playlists/IVPLx'], ['GET:playlists/*']).ok).toBe(true); // e ⊆ p*
    expect(isSubset(['GET:playlists/IVPLx*'], ['GET:playlists*']).ok).toBe(true); // q* ⊆ p*
    expect(isSubset(['GET:playlists*'], ['GET:playlists/IVPLx*']).ok).toBe(false); // shorter prefix
    expect(isSubset(['GET:feed*'], ['GET:feed']).ok).toBe(false); // prefix never in exact
  });

  it('compares endpoints case-sensitively', () => {
    expect(isSubset(['GET:FEED'], ['GET:feed']).ok).toBe(false);
  });

  it('names the first requested scope that is not covered', () => {
    expect(isSubset([':feed', 'GET:tokens', 'DELETE:x'], [':feed'])).toEqual({ ok: false, scope: 'GET:tokens' });
  });

  it('ignores malformed caller scopes', () => {
    expect(isSubset(['GET:feed'], ['*', 'GET:feed']).ok).toBe(true);
    expect(isSubset(['GET:feed'], ['*']).ok).toBe(false);
  });

  it('form-checks every requested scope before the subset check', () => {
    expect(() => isSubset(['GET:tokens', 'feed'], [':feed'])).toThrow(ScopeParseError);
  });

  it('is trivially true for no requested scopes', () => {
    expect(isSubset([], []).ok).toBe(true);
  });
});

describe('parseScope: form of a minted scope (docs/dialects/invidious.md#minting-scopes)', () => {
  it('parses valid scopes', () => {
    expect(parseScope('GET;POST:playlists*')).toMatchObject({ endpoint: 'playlists', prefix: true });
    expect(parseScope(':feed')).toMatchObject({ endpoint: 'feed', prefix: false, raw: ':feed' });
    expect([...parseScope(':feed').methods].sort()).toEqual([...HTTP_METHODS].sort());
    expect([...parseScope('delete;;patch;:x').methods].sort()).toEqual(['DELETE', 'PATCH']);
    expect(parseScope(':*')).toMatchObject({ endpoint: '', prefix: true });
    expect(parseScope('GET:' + 'a'.repeat(196)).raw).toHaveLength(200);
  });

  const invalid: [scope: string, reason: string][] = [
    ['*', 'missing ":" between methods and endpoint, e.g. "GET:feed" or ":playlists*"'],
    ['HEAD:feed', 'unknown method "HEAD"; use GET, POST, PUT, DELETE, PATCH, separated by ";"'],
    ['GET,POST:feed', 'contains ","; give each scope as its own item of the list'],
    ['GET:feed,:playlists*', 'contains ","; give each scope as its own item of the list'],
    [':feed,', 'contains ","; give each scope as its own item of the list'],
    ['GET:/feed', 'the endpoint must not start with "/"; it is relative to the API base'],
    ['GET:a:b', 'the endpoint must not contain ":"'],
    ['GET:play*lists', '"*" is only allowed at the end of the endpoint'],
    ['GET:**', '"*" is only allowed at the end of the endpoint'],
    ['GET: feed', 'contains whitespace or a control character'],
    ['GET:feed\u0000', 'contains whitespace or a control character'],
    ['GET:feed\n', 'contains whitespace or a control character'],
    ['GET:' + 'a'.repeat(197), 'longer than 200 characters'],
  ];

  it.each(invalid)('rejects %j', (scope, reason) => {
    const error = thrownBy(() => parseScope(scope));
    expect(error).toBeInstanceOf(ScopeParseError);
    expect(error).toMatchObject({ scope, reason, message: `Invalid scope "${scope}": ${reason}` });
  });
});

describe('normaliseScopePath (docs/dialects/invidious.md#scopes)', () => {
  it.each([
    ['', ''],
    ['feed', 'feed'],
    ['feed/', 'feed'],
    ['playlists/IVPLx/videos/1A/', 'playlists/IVPLx/videos/1A'],
    ['feed?max_results=5&page=2', 'feed'],
    ['feed/?hl=en', 'feed'],
    ['feed#top', 'feed'],
    ['?x=1', ''],
    ['playlists/IVPL%41x', 'playlists/IVPLAx'],
    ['channel/search', 'channel/search'],
    ['a%20b/%C3%A9', 'a b/é'],
    ['a%252F', 'a%2F'], // decoded once only
    ['a%3Fb', 'a?b'], // an encoded "?" is no query
  ])('%j -> %j', (raw, normalised) => {
    expect(normaliseScopePath(raw)).toBe(normalised);
  });

  it.each([
    ['//', 'playlists//videos'],
    ['leading /', '/feed'],
    ['only /', '/'],
    ['two trailing /', 'feed//'],
    ['/./', 'playlists/./x'],
    ['/../', 'playlists/A/../B'],
    ['trailing ..', 'playlists/..'],
    ['encoded ..', 'playlists/%2E%2e/x'],
    ['%2F in a segment', 'playlists/IVP%2FLx'],
    ['%2f in a segment', 'playlists/IVP%2fLx'],
    ['encoded backslash', 'playlists/a%5Cb'],
    ['raw backslash', 'playlists/a\\b'],
    ['malformed escape', 'playlists/%zz'],
    ['truncated escape', 'playlists/a%2'],
    ['not UTF-8', 'playlists/%FF'],
    ['NUL', 'playlists/a%00'],
    ['control character', 'playlists/a%1Fb'],
    ['DEL', 'playlists/a%7F'],
    ['C1 control', 'playlists/a%C2%85'],
  ])('rejects %s (%j)', (_name, raw) => {
    expect(() => normaliseScopePath(raw)).toThrow(PathNormalisationError);
    expect(() => normaliseScopePath(raw)).toThrow('Invalid request path');
  });
});

describe('describeScope', () => {
  it.each([
    [':*', 'full access (every method on every endpoint)'],
    ['GET;POST:playlists*', 'GET and POST on playlists and everything under it'],
    ['post;get:playlists*', 'GET and POST on playlists and everything under it'],
    ['GET;POST;DELETE:playlists/*', 'GET, POST and DELETE on everything under playlists/'],
    [':feed', 'every method on feed'],
    ['GET:*', 'GET on every endpoint'],
    ['GET:', 'GET on the API base path only'],
    ['*', '"*" (not a valid scope; grants nothing)'],
  ])('%s -> %s', (scope, phrase) => {
    expect(describeScope(scope)).toBe(phrase);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against a deliberately naive reference written straight from docs/dialects/invidious.md#scopes.

const KNOWN = new Set<string>(HTTP_METHODS);

/** Reference matcher: regex split at the first ":", regex for the endpoint. */
function referenceGrants(scopes: readonly string[], method: string, path: string): boolean {
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  if (!KNOWN.has(wanted)) return false;
  return scopes.some((scope) => {
    const parts = /^([^:]*):(.*)$/s.exec(scope);
    if (!parts) return false;
    const names = parts[1]
      .split(';')
      .filter((name) => name !== '')
      .map((name) => name.toUpperCase());
    if (names.some((name) => !KNOWN.has(name))) return false;
    if (names.length > 0 && !names.includes(wanted)) return false;
    const endpoint = parts[2];
    const isPrefix = endpoint.endsWith('*');
    const literal = (isPrefix ? endpoint.slice(0, -1) : endpoint).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return new RegExp(`^${literal}${isPrefix ? '' : '$'}`, 's').test(path);
  });
}

const methodEntry = fc.constantFrom('GET', 'get', 'Post', 'PUT', 'DELETE', 'patch', '', 'HEAD');
const endpointPiece = fc.constantFrom('feed', 'playlists', 'playlists/', 'IVPLx', 'IVPLX', 'videos', '/', '1A', 'sub', 'scriptions', ':', '*');
const scopeArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.array(methodEntry, { maxLength: 3 }), fc.array(endpointPiece, { maxLength: 4 }))
      .map(([methods, pieces]) => `${methods.join(';')}:${pieces.join('')}`),
  },
  { weight: 1, arbitrary: fc.array(endpointPiece, { maxLength: 3 }).map((pieces) => pieces.join('')) }, // no method list
);
const requestMethod = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get');

/** A path segment as the client meant it; some are invalid on purpose. */
const segmentArb = fc.constantFrom(
  'feed',
  'playlists',
  'IVPLx',
  'IVPLX',
  'videos',
  '1A',
  'subscriptions',
  'sub',
  'é',
  'a b',
  'a/b',
  '.',
  '..',
  '',
  'x\\y',
  'nul\u0000',
  'a:b',
  '*',
  '%',
  'q?',
  'h#',
);

function isValidSegment(segment: string): boolean {
  // Control characters are exactly what this property test is about.
  // eslint-disable-next-line no-control-regex
  return !['', '.', '..'].includes(segment) && !/[/\\\u0000-\u001f\u007f-\u009f]/.test(segment);
}

/** Percent-encodes a segment; characters that would change the path's structure are always encoded. */
function encodeSegment(segment: string, style: 'minimal' | 'upper' | 'lower'): string {
  return [...segment]
    .map((char) => {
      // eslint-disable-next-line no-control-regex
      if (style === 'minimal' && !/[/%?#\\\u0000-\u0020\u007f-\uffff]/.test(char)) return char;
      const hex = [...Buffer.from(char, 'utf8')].map((byte) => '%' + byte.toString(16).padStart(2, '0')).join('');
      return style === 'lower' ? hex : hex.toUpperCase();
    })
    .join('');
}

/** A raw request path and the normalised path it should give, or null when it must be rejected. */
const requestPathArb = fc
  .tuple(
    fc.array(fc.tuple(segmentArb, fc.constantFrom('minimal', 'upper', 'lower') as fc.Arbitrary<'minimal' | 'upper' | 'lower'>), { maxLength: 4 }),
    fc.boolean(), // trailing slash
    fc.constantFrom('', '?page=2', '?a=%zz/../', '#frag'),
    fc.boolean(), // splice in a malformed escape
  )
  .map(([segments, trailingSlash, suffix, badEscape]) => {
    let raw = segments.map(([segment, style]) => encodeSegment(segment, style)).join('/');
    if (badEscape && segments.length > 0) raw += '%zz';
    if (trailingSlash && segments.length > 0) raw += '/';
    if (raw === '') return { raw: suffix, expected: '' }; // the base itself
    // Spec rule: one trailing empty segment (a trailing slash) is dropped, any other is invalid.
    const decoded = segments.map(([segment]) => segment);
    if (trailingSlash) decoded.push('');
    if (decoded.length > 1 && decoded.at(-1) === '') decoded.pop();
    const valid = decoded.every(isValidSegment) && !(badEscape && segments.length > 0);
    return { raw: raw + suffix, expected: valid ? decoded.join('/') : null };
  });

/** Paths near every endpoint involved, so that matches actually happen. */
function samplePaths(scopes: readonly string[]): string[] {
  const endpoints = scopes.map((scope) => scope.slice(scope.indexOf(':') + 1).replace(/\*$/, ''));
  const near = endpoints.flatMap((endpoint) => [endpoint, `${endpoint}x`, `${endpoint}/y`, endpoint.slice(0, -1)]);
  return [...near, '', 'feed', 'playlists', 'playlists/IVPLx', 'playlists/IVPLx/videos', 'subscriptions'];
}

describe('properties', () => {
  it('normaliseScopePath decodes what the client encoded, or rejects it', () => {
    fc.assert(
      fc.property(requestPathArb, ({ raw, expected }) => {
        if (expected === null) {
          expect(() => normaliseScopePath(raw)).toThrow(PathNormalisationError);
        } else {
          expect(normaliseScopePath(raw)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('grants agrees with the naive reference', () => {
    fc.assert(
      fc.property(fc.array(scopeArb, { maxLength: 4 }), requestMethod, requestPathArb, (scopes, method, { raw, expected }) => {
        fc.pre(expected !== null);
        expect(grants(scopes, method, normaliseScopePath(raw))).toBe(referenceGrants(scopes, method, expected!));
        // Random paths rarely hit a scope, so also probe each endpoint and its case variants.
        for (const path of samplePaths(scopes).flatMap((p) => [p, p.toUpperCase(), p.toLowerCase()])) {
          expect(grants(scopes, method, path)).toBe(referenceGrants(scopes, method, path));
        }
      }),
      { numRuns: 500 },
    );
  });

  function isMintable(scope: string): boolean {
    try {
      parseScope(scope);
      return true;
    } catch {
      return false;
    }
  }

  /** A narrower scope derived from a parent: fewer methods, and a longer prefix if it has one. */
  const derivedChildArb = (parent: string) =>
    fc.tuple(fc.subarray([...HTTP_METHODS], { minLength: 1 }), fc.array(endpointPiece, { maxLength: 2 }), fc.boolean()).map(([methods, extra, keepStar]) => {
      const scope = tryParseGrantedScope(parent)!;
      const allowedMethods = methods.filter((method) => scope.methods.has(method));
      const endpoint = scope.prefix ? scope.endpoint + extra.join('') + (keepStar ? '*' : '') : scope.endpoint;
      return `${allowedMethods.join(';')}:${endpoint}`;
    });

  it('a mintable child never grants more than its parent', () => {
    fc.assert(
      fc.property(fc.array(scopeArb, { maxLength: 4 }), fc.array(scopeArb, { maxLength: 3 }), (parent, independentChild) => {
        const child = independentChild.filter(isMintable);
        if (!isSubset(child, parent).ok) return;
        for (const path of samplePaths([...child, ...parent])) {
          for (const method of [...HTTP_METHODS, 'HEAD']) {
            if (grants(child, method, path)) expect(grants(parent, method, path)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a scope narrowed from a caller scope is mintable, and grants no more', () => {
    const parentAndChild = fc
      .array(scopeArb.filter(isMintable), { minLength: 1, maxLength: 3 })
      .chain((parent) => fc.tuple(fc.constant(parent), fc.constantFrom(...parent).chain(derivedChildArb)));
    fc.assert(
      fc.property(parentAndChild, ([parent, child]) => {
        // An empty method list means all methods, so only a non-empty selection narrows.
        fc.pre(isMintable(child) && !child.startsWith(':'));
        expect(isSubset([child], parent)).toEqual({ ok: true });
        for (const path of samplePaths([child, ...parent])) {
          for (const method of HTTP_METHODS) {
            if (grants([child], method, path)) expect(grants(parent, method, path)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
