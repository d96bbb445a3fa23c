/**
 * `local=true` (docs/dialects/invidious.md#local-urls): every absolute URL in an answer is rewritten
 * to point at tubevault, which proxies it from the upstream, the way Invidious itself does:
 *
 * - YouTube's video hosts (`*.googlevideo.com`) → `<origin>/videoplayback?…&host=<host>`;
 * - YouTube's thumbnail hosts (`i.ytimg.com`, `img.youtube.com`) → `<origin>/vi/…`;
 * - the upstream's own URLs → the same path on tubevault;
 * - channel images (`yt3.ggpht.com`, `*.googleusercontent.com`) and any other host → `<origin>/ggpht/…`.
 *
 * Only strings that are a whole URL are touched (also protocol-relative `//host/…`); relative URLs
 * already resolve to tubevault. Pure: the caller passes tubevault's origin and the upstream's.
 */

const YTIMG = /(^|\.)ytimg\.com$|^img\.youtube\.com$/;
const VIDEO_HOST = /(^|\.)googlevideo\.com$/;

export function localUrl(value: string, origin: string, upstreamOrigin: string | null): string {
  if (!/^(https?:)?\/\//i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value.startsWith('//') ? `https:${value}` : value);
  } catch {
    return value;
  }
  if (value.startsWith(`${origin}/`) || url.origin === new URL(origin).origin) return value;
  const path = url.pathname + url.search;
  if (VIDEO_HOST.test(url.hostname)) {
    url.searchParams.set('host', url.hostname);
    return `${origin}${url.pathname}?${url.searchParams.toString()}`;
  }
  if (YTIMG.test(url.hostname) || url.origin === upstreamOrigin) return origin + path;
  return `${origin}/ggpht${path}`;
}

/** A copy of `json` with every URL string made local. */
export function localizeUrls<T>(json: T, origin: string, upstreamOrigin: string | null): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return localUrl(node, origin, upstreamOrigin);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    return node;
  };
  return walk(json) as T;
}

/** Absolute URLs (`scheme://host` at the start of a string) inside `text` that are not on `origin`. */
export function foreignUrls(json: unknown, origin: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (/^(https?:)?\/\//i.test(node) && !node.startsWith(`${origin}/`)) found.push(node);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(json);
  return found;
}
