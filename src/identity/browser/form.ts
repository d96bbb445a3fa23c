/**
 * Reading the browser pages' parameters. The `/login` and `/signout` forms are DTOs
 * (browser.dto.ts); `/authorize_token`'s form posts dynamic keys (`scopes[0]`, `scopes[1]`, …) and
 * is read here. Every failure is answered as HTML, not by the JSON exception filter.
 */

/** The body as a record of fields; no body (or anything that is not an object) as no fields. */
export function formFields(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A field sent once as text. A repeated field arrives as an array and counts as absent. */
export function textField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

const MAX_REFERER_LENGTH = 2048;

/**
 * Whether a post-login redirect target stays on this site: one leading `/` and not `//`. A
 * backslash, whitespace or control character anywhere is refused as well, because browsers read
 * `/\evil.com` and `/<TAB>/evil.com` as `//evil.com`.
 */
export function isLocalPath(value: string): boolean {
  return value.length <= MAX_REFERER_LENGTH && /^\/(?![/\\])/.test(value) && !/[\\\s\p{Cc}]/u.test(value);
}

/**
 * Where a login redirects: the `referer` when it is a local path, else `fallback`. It becomes the
 * Location header, which carries only ASCII: other characters are sent percent-encoded (as a
 * browser would request them); a value that cannot be encoded (a lone surrogate) falls back. Decided
 * before the login has any effect, so a bad value never leaves a session behind a failed answer.
 */
export function landingPath(referer: string | undefined, fallback: string): string {
  if (referer === undefined || !isLocalPath(referer)) return fallback;
  let encoded: string;
  try {
    encoded = referer.replace(/[^\p{ASCII}]+/gu, (characters) => encodeURI(characters));
  } catch {
    return fallback;
  }
  return /^[\x21-\x7e]+$/.test(encoded) ? encoded : fallback;
}
