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

/**
 * The query parameter a `/videoplayback` URL carries when several upstream instances are configured:
 * the index in UPSTREAM_URL of the instance whose answer held the URL. Stream URLs are signed for
 * the address that asked for them, so only that instance can fetch them; the media proxy removes
 * the parameter and sends the request there.
 */
export const UPSTREAM_PIN_PARAM = 'tv_upstream';

/** `url` with the pin to instance `index` appended (the rest left byte for byte as it was). */
export function pinToUpstream(url: string, index: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}${UPSTREAM_PIN_PARAM}=${index}`;
}

/** A `?…` query without the pin, and the pinned instance (undefined when absent or not a small integer). */
export function takeUpstreamPin(query: string): { query: string; pin?: number } {
  const params = new URLSearchParams(query);
  const raw = params.get(UPSTREAM_PIN_PARAM);
  if (raw === null) return { query };
  params.delete(UPSTREAM_PIN_PARAM);
  const rest = params.toString();
  return { query: rest ? `?${rest}` : '', ...(/^\d{1,3}$/.test(raw) ? { pin: Number(raw) } : {}) };
}

/** `upstreamOrigins`: the origins of the configured instances (their own URLs are proxied by path). */
export function localUrl(value: string, origin: string, upstreamOrigins: string | readonly string[] | null): string {
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
  const upstream = upstreamOrigins === null ? [] : typeof upstreamOrigins === 'string' ? [upstreamOrigins] : upstreamOrigins;
  if (YTIMG.test(url.hostname) || upstream.includes(url.origin)) return origin + path;
  return `${origin}/ggpht${path}`;
}

/** A copy of `json` with every URL string made local. */
export function localizeUrls<T>(json: T, origin: string, upstreamOrigins: string | readonly string[] | null): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return localUrl(node, origin, upstreamOrigins);
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
