import { createHash, timingSafeEqual } from 'node:crypto';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const BEARER = /^bearer\s+(\S+)\s*$/i;

/** Equal-time comparison of secrets of any length (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may scrape /metrics: with METRICS_TOKEN, whoever sends `Authorization: Bearer <token>`;
 * without, loopback clients only (`ip` is the client's address, the proxy's X-Forwarded-For one
 * with TRUST_PROXY). Returns why a request is refused, or null when it is allowed.
 */
export function metricsRefusal(metricsToken: string | undefined, ip: string, authorization: string | undefined): string | null {
  if (metricsToken !== undefined) {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined) return 'Send the METRICS_TOKEN as "Authorization: Bearer <token>".';
    return sameSecret(token, metricsToken) ? null : 'Wrong metrics token.';
  }
  return LOOPBACK.has(ip) ? null : 'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere.';
}
