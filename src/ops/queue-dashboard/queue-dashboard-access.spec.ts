import type { CachedSession } from '../../identity/sessions/session-cache.js';
import { queueDashboardRefusal } from './queue-dashboard-access.js';

const session = (overrides: Partial<CachedSession>): CachedSession => ({
  id: 'v1:x',
  userId: 1,
  username: 'admin',
  isAdmin: true,
  kind: 'browser',
  scopes: [':*'],
  expiresAt: null,
  ...overrides,
});
const request = (method: string, headers: Record<string, string> = {}) => ({ method, protocol: 'http', host: 'tube.local:3000', headers });

describe('who may use the queue dashboard', () => {
  it("admits an admin's browser session", () => {
    expect(queueDashboardRefusal(session({}), request('GET'), undefined)).toBeNull();
    expect(queueDashboardRefusal(session({}), request('PUT', { 'sec-fetch-site': 'same-origin', origin: 'http://tube.local:3000' }), undefined)).toBeNull();
  });

  it('refuses no session, a non-admin, and a token or TubeArchivist session named by the cookie', () => {
    expect(queueDashboardRefusal(null, request('GET'), undefined)).toMatch(/Sign in with an admin account/);
    expect(queueDashboardRefusal(session({ isAdmin: false }), request('GET'), undefined)).toMatch(/admin accounts only/);
    expect(queueDashboardRefusal(session({ kind: 'token' }), request('GET'), undefined)).toMatch(/Sign in/);
    expect(queueDashboardRefusal(session({ kind: 'ta' }), request('GET'), undefined)).toMatch(/Sign in/);
  });

  it('refuses cross-site actions, judged against PUBLIC_URL when set', () => {
    expect(queueDashboardRefusal(session({}), request('PUT', { 'sec-fetch-site': 'cross-site' }), undefined)).toBe('Cross-site request refused.');
    expect(queueDashboardRefusal(session({}), request('PUT', { origin: 'https://evil.example' }), undefined)).toBe('Cross-site request refused.');
    expect(queueDashboardRefusal(session({}), request('PUT', { origin: 'https://tube.example.org' }), 'https://tube.example.org')).toBeNull();
    expect(queueDashboardRefusal(session({}), request('PUT', { origin: 'http://tube.local:3000' }), 'https://tube.example.org')).toBe(
      'Cross-site request refused.',
    );
    // Reading is harmless: a cross-site GET (a link) is allowed, as for every cookie request.
    expect(queueDashboardRefusal(session({}), request('GET', { 'sec-fetch-site': 'cross-site' }), undefined)).toBeNull();
  });
});
