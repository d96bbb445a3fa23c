/**
 * The few server-rendered pages of the browser flows (docs/dialects/invidious.md#browser-flows): one escaping function and
 * one layout, no template engine. Every interpolated value goes through `escapeHtml`.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element body or a double- or single-quoted attribute value. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Headers of every HTML page. `frame-ancestors 'none'` and X-Frame-Options stop clickjacking of the
 * consent page; the pages need no script, so the rest of the policy forbids it. No `form-action`:
 * browsers apply it to the redirect that follows a form post, which would block the callback.
 */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  // Pages carry CSRF tokens or API tokens: never store them.
  'cache-control': 'no-store',
};

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'label{display:block;margin:.5rem 0}input[type=text],input[type=password]{display:block;width:100%;box-sizing:border-box;padding:.4rem}' +
  'button{padding:.4rem 1.2rem;margin-right:1rem}code{word-break:break-all}.warning{color:#a00;font-weight:bold}' +
  'section{border-top:1px solid #ccc;margin-top:1.5rem}';

/**
 * A whole page. `title` is text (escaped here); `body` is HTML the caller built with escapeHtml.
 * The browser tab shows `<title> - tubevault` unless `tabTitle` says otherwise.
 */
export function page(title: string, body: string, tabTitle = `${title} - tubevault`): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(tabTitle)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`
  );
}

/** `<input type="hidden">` with an escaped name and value. */
export function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}
