// Scope grammar, matching, minting and request-path normalisation
// (docs/dialects/invidious.md#scopes; the TubeArchivist dialect reuses it, docs/dialects/tubearchivist.md#scopes).
// Pure functions: no framework, no I/O.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const ALL_METHODS: ReadonlySet<HttpMethod> = new Set(HTTP_METHODS);

/** Longest scope string that may be minted. */
export const MAX_SCOPE_LENGTH = 200;

/** A scope split into the methods it allows and the endpoint set it covers. */
export interface ParsedScope {
  /** Allowed methods; all five when the scope's method list is empty. */
  readonly methods: ReadonlySet<HttpMethod>;
  /** The endpoint without its trailing `*`. */
  readonly endpoint: string;
  /** True when the endpoint ended in `*`: it then covers every path starting with `endpoint`. */
  readonly prefix: boolean;
  /** The scope exactly as written. */
  readonly raw: string;
}

/** A scope that may not be minted; the message is the 400 body text (`Invalid scope "<s>": <reason>`). */
export class ScopeParseError extends Error {
  constructor(
    readonly scope: string,
    readonly reason: string,
  ) {
    super(`Invalid scope "${scope}": ${reason}`);
    this.name = 'ScopeParseError';
  }
}

/** Request path that fails normalisation; the caller answers 400. */
export class PathNormalisationError extends Error {
  constructor() {
    super('Invalid request path');
    this.name = 'PathNormalisationError';
  }
}

function isHttpMethod(name: string): name is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(name);
}

/** `\p{Cc}` is U+0000–U+001F and U+007F–U+009F. */
const CONTROL_CHAR = /\p{Cc}/u;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * Splits the method list at `;`, drops empty entries and upper-cases the rest.
 * Returns the offending entry when one is not a known method.
 */
function parseMethodList(list: string): { methods: ReadonlySet<HttpMethod> } | { unknown: string } {
  const methods = new Set<HttpMethod>();
  for (const entry of list.split(';')) {
    if (entry === '') continue;
    const upper = entry.toUpperCase();
    if (!isHttpMethod(upper)) return { unknown: entry };
    methods.add(upper);
  }
  return { methods: methods.size === 0 ? ALL_METHODS : methods };
}

function splitEndpoint(endpoint: string): { endpoint: string; prefix: boolean } {
  return endpoint.endsWith('*') ? { endpoint: endpoint.slice(0, -1), prefix: true } : { endpoint, prefix: false };
}

/**
 * Strict parse of a scope that is about to be minted (docs/dialects/invidious.md#minting-scopes).
 * @throws ScopeParseError naming what is wrong.
 */
export function parseScope(scope: string): ParsedScope {
  const fail = (reason: string): never => {
    throw new ScopeParseError(scope, reason);
  };
  if (scope.length > MAX_SCOPE_LENGTH) fail(`longer than ${MAX_SCOPE_LENGTH} characters`);
  if (WHITESPACE_OR_CONTROL.test(scope)) fail('contains whitespace or a control character');
  // The token signature joins scopes with ",", so one scope with a comma would sign like two.
  if (scope.includes(',')) fail('contains ","; give each scope as its own item of the list');
  const colon = scope.indexOf(':');
  if (colon < 0) fail('missing ":" between methods and endpoint, e.g. "GET:feed" or ":playlists*"');

  const list = parseMethodList(scope.slice(0, colon));
  if ('unknown' in list) {
    return fail(`unknown method "${list.unknown}"; use ${HTTP_METHODS.join(', ')}, separated by ";"`);
  }

  const rawEndpoint = scope.slice(colon + 1);
  if (rawEndpoint.startsWith('/')) fail('the endpoint must not start with "/"; it is relative to the API base');
  if (rawEndpoint.includes(':')) fail('the endpoint must not contain ":"');
  const star = rawEndpoint.indexOf('*');
  if (star >= 0 && star !== rawEndpoint.length - 1) fail('"*" is only allowed at the end of the endpoint');

  return { methods: list.methods, ...splitEndpoint(rawEndpoint), raw: scope };
}

/**
 * Lenient parse of a granted scope for matching: split at the first `:`, nothing else
 * checked beyond the method names and the comma that minting refuses. Returns null for a malformed
 * scope, which matches nothing.
 */
export function tryParseGrantedScope(scope: string): ParsedScope | null {
  const colon = scope.indexOf(':');
  if (colon < 0 || scope.includes(',')) return null;
  const list = parseMethodList(scope.slice(0, colon));
  if ('unknown' in list) return null;
  return { methods: list.methods, ...splitEndpoint(scope.slice(colon + 1)), raw: scope };
}

function toParsedScopes(scopes: readonly string[] | readonly ParsedScope[]): ParsedScope[] {
  const parsed: ParsedScope[] = [];
  for (const scope of scopes) {
    const entry = typeof scope === 'string' ? tryParseGrantedScope(scope) : scope;
    if (entry) parsed.push(entry);
  }
  return parsed;
}

function endpointMatches(scope: ParsedScope, path: string): boolean {
  return scope.prefix ? path.startsWith(scope.endpoint) : path === scope.endpoint;
}

/**
 * Whether any of `scopes` covers `method` on `scopePath`.
 * `scopePath` is the output of {@link normaliseScopePath}. HEAD is checked as GET.
 * OPTIONS (and any other method) is never granted: preflights need no scope, so the
 * guard lets them through before it gets here.
 */
export function grants(scopes: readonly string[] | readonly ParsedScope[], method: string, scopePath: string): boolean {
  const upper = method.toUpperCase();
  const checked = upper === 'HEAD' ? 'GET' : upper;
  if (!isHttpMethod(checked)) return false;
  return toParsedScopes(scopes).some((scope) => scope.methods.has(checked) && endpointMatches(scope, scopePath));
}

/** Whether `endpoint` names `segment` itself: `users`, `users/…`, not a shorter prefix such as `` or `us`. */
function namesSegment(endpoint: string, segment: string): boolean {
  return segment !== '' && (endpoint === segment || endpoint.startsWith(`${segment}/`));
}

/**
 * As {@link grants}, but only scopes that name the path's first segment count (`GET:users`,
 * `:users*`, `GET:users/*`): `GET:*`, `:*` or `GET:us*` cover the path without naming it. Admin
 * routes ask this of Invidious tokens, so a broad token minted for an app never reaches them
 * (docs/dialects/tubearchivist.md#scopes).
 */
export function grantsExplicitly(scopes: readonly string[] | readonly ParsedScope[], method: string, scopePath: string): boolean {
  const upper = method.toUpperCase();
  const checked = upper === 'HEAD' ? 'GET' : upper;
  if (!isHttpMethod(checked)) return false;
  const segment = scopePath.split('/')[0];
  return toParsedScopes(scopes).some((scope) => scope.methods.has(checked) && endpointMatches(scope, scopePath) && namesSegment(scope.endpoint, segment));
}

/** E(inner) ⊆ E(outer), by the four inclusion rules of docs/dialects/invidious.md#minting-scopes. */
function endpointSetIncluded(inner: ParsedScope, outer: ParsedScope): boolean {
  if (!outer.prefix) return !inner.prefix && inner.endpoint === outer.endpoint;
  return inner.endpoint.startsWith(outer.endpoint);
}

/**
 * The subset rule for minting: every requested scope must, method by method, be
 * covered by one of the caller's scopes. All requested scopes are form-checked first, so a
 * malformed one is reported (400) even when another is also not covered.
 * @throws ScopeParseError for a requested scope of bad form.
 */
export function isSubset(requested: readonly string[], callerScopes: readonly string[]): { ok: true } | { ok: false; scope: string } {
  const wanted = requested.map(parseScope);
  const held = toParsedScopes(callerScopes);
  for (const scope of wanted) {
    for (const method of scope.methods) {
      const covered = held.some((outer) => outer.methods.has(method) && endpointSetIncluded(scope, outer));
      if (!covered) return { ok: false, scope: scope.raw };
    }
  }
  return { ok: true };
}

function isRejectedSegment(segment: string): boolean {
  return segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\') || CONTROL_CHAR.test(segment);
}

/**
 * Normalises the raw (still percent-encoded) part of a request path after the dialect base,
 * e.g. `playlists/IVPLx/videos/1A/?hl=en` → `playlists/IVPLx/videos/1A`.
 * Segments are split on the raw `/` and then decoded one by one, so an encoded `%2F` lands
 * inside a segment and is rejected instead of creating a new one.
 * @throws PathNormalisationError for an empty, `.` or `..` segment, a bad escape, or a
 *   segment holding `/`, `\` or a control character (NUL included).
 */
export function normaliseScopePath(rawPathAfterBase: string): string {
  const end = rawPathAfterBase.search(/[?#]/);
  const path = end < 0 ? rawPathAfterBase : rawPathAfterBase.slice(0, end);
  if (path === '') return '';

  const rawSegments = path.split('/');
  // A single trailing slash is allowed and dropped; every route answers with or without it.
  if (rawSegments.length > 1 && rawSegments.at(-1) === '') rawSegments.pop();

  const segments = rawSegments.map((raw) => {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // Malformed escape such as `%zz`, or bytes that are not UTF-8.
      throw new PathNormalisationError();
    }
    if (isRejectedSegment(segment)) throw new PathNormalisationError();
    return segment;
  });
  return segments.join('/');
}

function joinEnglish(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** English wording of a scope for the consent page, e.g. `GET;POST:playlists*` → "GET and POST on playlists and everything under it". */
export function describeScope(scope: string): string {
  const parsed = tryParseGrantedScope(scope);
  if (!parsed) return `"${scope}" (not a valid scope; grants nothing)`;

  const allMethods = parsed.methods.size === HTTP_METHODS.length;
  if (allMethods && parsed.prefix && parsed.endpoint === '') return 'full access (every method on every endpoint)';

  const methods = allMethods ? 'every method' : joinEnglish(HTTP_METHODS.filter((m) => parsed.methods.has(m)));
  let where: string;
  if (!parsed.prefix) where = parsed.endpoint === '' ? 'the API base path only' : parsed.endpoint;
  else if (parsed.endpoint === '') where = 'every endpoint';
  else if (parsed.endpoint.endsWith('/')) where = `everything under ${parsed.endpoint}`;
  else where = `${parsed.endpoint} and everything under it`;
  return `${methods} on ${where}`;
}
