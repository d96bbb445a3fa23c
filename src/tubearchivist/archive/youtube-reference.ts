import { isChannelId, isUpstreamPlaylistId, isVideoId } from '../../catalog/media/ids.js';

/**
 * What clients put where TubeArchivist expects "a YouTube thing" (docs/dialects/tubearchivist.md#subscribe, #channel-search, #download): an
 * id, an `@handle`, or a youtube.com / youtu.be URL. Pure: no Nest, no network.
 */
export type YoutubeReference =
  | { kind: 'video'; id: string }
  | { kind: 'channel'; id: string }
  | { kind: 'playlist'; id: string }
  /** A handle or custom channel name: the upstream resolves `url` to a channel id. */
  | { kind: 'channel-name'; url: string }
  | { kind: 'invalid-domain'; host: string }
  | { kind: 'unparseable' };

const YOUTUBE_BASE = 'https://www.youtube.com';
/** YouTube handles are 3-30 characters; non-Latin letters are allowed. */
const HANDLE = /^@[\p{L}\p{N}._-]{3,30}$/u;

const unparseable: YoutubeReference = { kind: 'unparseable' };

/** Ids in their order of preference: video, channel, upstream playlist. */
function byId(value: string): YoutubeReference | null {
  if (isVideoId(value)) return { kind: 'video', id: value };
  if (isChannelId(value)) return { kind: 'channel', id: value };
  if (isUpstreamPlaylistId(value)) return { kind: 'playlist', id: value };
  return null;
}

const only = (kind: 'video' | 'channel' | 'playlist', value: string | null | undefined): YoutubeReference => {
  const ref = value ? byId(value) : null;
  return ref?.kind === kind ? ref : unparseable;
};

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function channelNameUrl(path: string): YoutubeReference {
  return { kind: 'channel-name', url: `${YOUTUBE_BASE}${path}` };
}

/** youtube.com paths; anything after the part that names the item is ignored (`/@handle/videos`). */
function fromYoutubePath(url: URL): YoutubeReference {
  const segments = url.pathname.split('/').filter(Boolean).map(decoded);
  if (segments.some((segment) => segment === null)) return unparseable;
  const [first, second] = segments as string[];
  switch (first) {
    case 'watch': {
      const video = url.searchParams.get('v');
      return video ? only('video', video) : only('playlist', url.searchParams.get('list'));
    }
    case 'shorts':
      return only('video', second);
    case 'playlist':
      return only('playlist', url.searchParams.get('list'));
    case 'channel':
      return only('channel', second);
    case 'c':
    case 'user':
      return second && /^[\p{L}\p{N}._-]{1,100}$/u.test(second) ? channelNameUrl(`/${first}/${encodeURIComponent(second)}`) : unparseable;
  }
  if (first && HANDLE.test(first)) return channelNameUrl(`/${encodeURIComponent(first).replace('%40', '@')}`);
  return unparseable;
}

function fromUrl(text: string): YoutubeReference {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return unparseable;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return unparseable;
  const host = url.hostname.toLowerCase();
  if (host === 'youtu.be') return only('video', decoded(url.pathname.split('/').filter(Boolean)[0] ?? ''));
  if (host === 'youtube.com' || host.endsWith('.youtube.com')) return fromYoutubePath(url);
  return { kind: 'invalid-domain', host };
}

export function parseYoutubeReference(value: string): YoutubeReference {
  const text = value.trim();
  const ref = byId(text);
  if (ref) return ref;
  if (HANDLE.test(text)) return channelNameUrl(`/${encodeURIComponent(text).replace('%40', '@')}`);
  if (text.includes('/')) return fromUrl(text);
  return unparseable;
}

/** A value as quoted in an error message: cut short, so a huge value cannot bloat the answer. */
export function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 99)}…` : value;
}
