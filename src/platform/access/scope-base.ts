/**
 * Scope paths are relative to the dialect's base: `/api/v1/auth/` for Invidious routes, `/api/`
 * for TubeArchivist routes. Public Invidious routes (`/api/v1/videos/…`) and browser pages have no
 * scope base, so they must be `@Public()` (or check their SID cookie themselves).
 */
export const INVIDIOUS_AUTH_BASE = '/api/v1/auth/';
export const TUBEARCHIVIST_SCOPE_BASE = '/api/';

export function scopeBaseOf(path: string): string | null {
  if (path.startsWith(INVIDIOUS_AUTH_BASE) || path === '/api/v1/auth') return INVIDIOUS_AUTH_BASE;
  if (path.startsWith('/api/v1/') || path === '/api/v1') return null;
  if (path.startsWith(TUBEARCHIVIST_SCOPE_BASE)) return TUBEARCHIVIST_SCOPE_BASE;
  return null;
}

/** The scope a route template requires, for the OpenAPI spec: `/api/v1/auth/playlists/{id}` → `playlists/<id>`. */
export function scopeEndpointOfTemplate(template: string): string | null {
  const base = scopeBaseOf(template);
  if (!base) return null;
  return template
    .slice(base.length)
    .replace(/\/$/, '')
    .replace(/\{(\w+)\}|:(\w+)/g, (_m, a: string, b: string) => `<${a ?? b}>`);
}
