/** The POST forms of a server-rendered page, with their hidden fields, for driving the HTML pages from tests. */
export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
  html: string;
}

const unescape = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function postForms(html: string): HtmlForm[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map(([, action, inner]) => ({
    action: unescape(action),
    fields: Object.fromEntries(
      [...inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [unescape(name), unescape(value)]),
    ),
    html: inner,
  }));
}
