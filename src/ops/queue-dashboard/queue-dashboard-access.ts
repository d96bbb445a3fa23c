import type { CachedSession } from '../../identity/sessions/session-cache.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface DashboardRequest {
  method: string;
  protocol: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Who may use the queue dashboard: an admin signed in with a browser session (the SID cookie; the
 * board's own pages call its API with that cookie). State-changing calls must also come from the
 * dashboard's own origin, as the guard requires of cookie requests (docs/dialects/invidious.md#cross-site-requests).
 * Returns why a request is refused (the 403's text), or null when it may proceed.
 */
export function queueDashboardRefusal(session: CachedSession | null, request: DashboardRequest, publicUrl: string | undefined): string | null {
  if (!session || session.kind !== 'browser') return 'Sign in with an admin account to see the queues.';
  if (!session.isAdmin) return 'The queue dashboard is for admin accounts only.';
  if (!SAFE_METHODS.has(request.method) && isCrossSite(request, publicUrl)) return 'Cross-site request refused.';
  return null;
}

function isCrossSite(request: DashboardRequest, publicUrl: string | undefined): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const own = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
  return origin !== own;
}
