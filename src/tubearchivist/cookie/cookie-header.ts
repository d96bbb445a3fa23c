import { isYoutubeDomain, type ParsedCookie } from './netscape-cookies.js';

/** Whether a name or value can be carried in a Cookie header: printable ASCII without `;`. */
const isHeaderSafe = (s: string) => /^[\x20-\x3a\x3c-\x7e]*$/.test(s);

/**
 * The `Cookie` header for the check against YOUTUBE_URL (docs/dialects/tubearchivist.md#cookie-check): the YouTube
 * cookies in file order (other domains are filtered here too, so no caller can leak them), without
 * expired ones (a non-zero expiry before `now`) and those a header cannot carry. Undefined when
 * none is left.
 */
export function youtubeCookieHeader(cookies: readonly ParsedCookie[], now: Date): string | undefined {
  const nowSeconds = now.getTime() / 1000;
  const sendable = cookies.filter(
    (c) => isYoutubeDomain(c.domain) && !(c.expires !== 0 && c.expires < nowSeconds) && isHeaderSafe(c.name) && isHeaderSafe(c.value),
  );
  return sendable.length ? sendable.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
}
