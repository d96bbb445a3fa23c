import type { FastifyRequest } from 'fastify';

/** What the rule reads of a request. */
export type RequestSite = Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>;

/**
 * The guard's rule for cookie writes (docs/dialects/invidious.md#cross-site-requests), for the
 * browser forms that are `@Public()` to the guard and check the SID cookie themselves: a browser
 * says where a request comes from, and a post from another site is refused.
 */
export function isCrossSiteRequest(request: RequestSite, publicUrl: string | undefined): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  // The pages are sent with `Referrer-Policy: no-referrer`, so Chromium's same-origin form posts
  // carry `Origin: null`: where the browser names the site (a header pages cannot forge), that decides.
  // Without `Sec-Fetch-Site`, `Origin: null` (a sandboxed frame, a `data:` page) is not our origin, so it is refused.
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const own = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
  return origin !== own;
}
