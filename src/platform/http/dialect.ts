/**
 * tubevault speaks two API dialects; errors, CORS and scope paths depend on which one a URL is in.
 * - `invidious`: everything under /api/v1/ — errors are `{"error": "..."}`
 * - `tubearchivist`: the rest of /api/ — errors are DRF-style `{"detail": "..."}`
 * - `browser`: HTML pages (/login, /authorize_token, /docs …) — unknown ones answer like TubeArchivist.
 */
export type Dialect = 'invidious' | 'tubearchivist' | 'browser';

export const INVIDIOUS_BASE = '/api/v1/';
export const TUBEARCHIVIST_BASE = '/api/';

export function pathOf(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

export function dialectOf(url: string): Dialect {
  const path = pathOf(url);
  if (path === '/api/v1' || path.startsWith(INVIDIOUS_BASE)) return 'invidious';
  if (path === '/api' || path.startsWith(TUBEARCHIVIST_BASE)) return 'tubearchivist';
  return 'browser';
}
