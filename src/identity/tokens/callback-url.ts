/**
 * Callback URLs of /authorize_token and tokens/register (docs/dialects/invidious.md#authorize-token-page): validated strictly
 * (no `javascript:`, no header injection), then given the token double-encoded as Invidious does.
 */

const MAX_LENGTH = 2048;
const APP_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const FORBIDDEN_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file', 'blob', 'about', 'filesystem']);

export class CallbackUrlError extends Error {}

/** Returns the parsed URL, or throws CallbackUrlError saying what is wrong. */
export function parseCallbackUrl(value: string): URL {
  if (value.length > MAX_LENGTH) throw new CallbackUrlError(`callback_url is longer than ${MAX_LENGTH} characters`);
  if (/[\s\p{Cc}]/u.test(value)) throw new CallbackUrlError('callback_url must not contain whitespace or control characters');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (!scheme) throw new CallbackUrlError('callback_url must be an absolute URL such as https://app.example/auth or myapp-auth://');
  if (FORBIDDEN_SCHEMES.has(scheme) || !APP_SCHEME.test(scheme)) {
    throw new CallbackUrlError(`callback_url scheme "${scheme}:" is not allowed; use http, https or an app scheme`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CallbackUrlError('callback_url is not a valid URL');
  }
  if (url.username || url.password) throw new CallbackUrlError('callback_url must not contain user:password@');
  if ((scheme === 'http' || scheme === 'https') && !url.hostname) throw new CallbackUrlError('callback_url needs a host');
  return url;
}

/** `scheme://host[:port]` of a callback (`clipious-auth://` for a bare app scheme): the part the user can judge. */
export function callbackOrigin(callback: URL): string {
  return callback.href.slice(0, callback.href.length - (callback.pathname + callback.search + callback.hash).length);
}

/** Percent-encodes every byte but A–Z a–z 0–9 - . _ ~, with space as `+` (one form-encoding pass). */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The callback with `token` (and `username`) set, each value encoded twice, overwriting existing
 * ones and keeping the rest of the callback's own query (rebuilt with form encoding).
 */
export function callbackWithToken(callback: URL, params: Record<string, string>): string {
  const kept = [...callback.searchParams].filter(([name]) => !(name in params));
  const pairs = [
    ...kept.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`),
    ...Object.entries(params).map(([name, value]) => `${name}=${formEncode(formEncode(value))}`),
  ];
  const base = callback.href.split(/[?#]/)[0];
  return `${base}?${pairs.join('&')}`;
}
