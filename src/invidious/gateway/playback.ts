/**
 * The playback fields of an Invidious video object (docs/dialects/invidious.md#playback), taken from
 * the upstream's answer to `/api/v1/videos/:id`: they are not stored in the catalog (stream URLs
 * expire within hours), only passed on. `dashUrl` always points at tubevault's manifest proxy.
 */
export interface Playback {
  adaptiveFormats: Record<string, unknown>[];
  formatStreams: Record<string, unknown>[];
  captions: Record<string, unknown>[];
  dashUrl?: string;
  hlsUrl?: string;
}

export const NO_PLAYBACK: Playback = { adaptiveFormats: [], formatStreams: [], captions: [] };

const objects = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => !!item && typeof item === 'object' && !Array.isArray(item)) : [];

export function playbackOf(upstreamVideo: unknown, videoId: string, origin: string): Playback {
  const o = upstreamVideo && typeof upstreamVideo === 'object' ? (upstreamVideo as Record<string, unknown>) : {};
  const playback: Playback = { adaptiveFormats: objects(o.adaptiveFormats), formatStreams: objects(o.formatStreams), captions: objects(o.captions) };
  if (typeof o.dashUrl === 'string' || playback.adaptiveFormats.length) playback.dashUrl = `${origin}/api/manifest/dash/id/${videoId}`;
  if (typeof o.hlsUrl === 'string' && /^https?:\/\//.test(o.hlsUrl)) playback.hlsUrl = o.hlsUrl;
  return playback;
}

const XML_DECODE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const xmlDecode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_DECODE[entity]);
const xmlEncode = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A DASH manifest with every `<BaseURL>` (and `media`/`initialization`/`sourceURL` attribute)
 * rewritten by `rewrite`, which gets the decoded URL with relative ones resolved against
 * `upstreamBase`.
 */
export function rewriteManifest(xml: string, upstreamBase: string, rewrite: (absoluteUrl: string) => string): string {
  const resolve = (raw: string) => rewrite(new URL(xmlDecode(raw.trim()), upstreamBase).href);
  return xml
    .replace(/<BaseURL>([^<]*)<\/BaseURL>/g, (_, url: string) => `<BaseURL>${xmlEncode(resolve(url))}</BaseURL>`)
    .replace(/\b(media|initialization|sourceURL)="([^"]*)"/g, (whole, name: string, url: string) =>
      /^(https?:)?\/\/|^\//.test(url) ? `${name}="${xmlEncode(resolve(url))}"` : whole,
    );
}
