import type { ChannelRecord, PlaylistRecord, VideoRecord } from '../media/catalog-records.js';
import { parseChannel, parseChannelVideosPage, parsePlaylistPage, parseVideo } from './invidious-parse.js';
import { MalformedBody, parseJson } from './json-fields.js';
import { HttpUpstream } from './upstream-http.js';
import { found, notFound, UpstreamMalformedError, type Lookup, type UpstreamSource, type VideoPage } from './upstream.js';

/** Bounds on walking pages, against an upstream whose continuations never end. */
const MAX_CHANNEL_PAGES = 2000;
const MAX_PLAYLIST_PAGES = 60;

/**
 * An Invidious instance's public JSON API (`UPSTREAM=invidious`, `UPSTREAM_URL`), or several behind
 * an UpstreamPool. Relative URLs in an answer are resolved against the instance that gave it.
 */
export class InvidiousUpstream extends HttpUpstream implements UpstreamSource {
  readonly kind = 'invidious';
  readonly listingsAreComplete = false;

  getVideo(id: string): Promise<Lookup<VideoRecord>> {
    return this.getJson(`/api/v1/videos/${id}`, (json, base) => this.expectId(parseVideo(json, base), id));
  }

  getChannel(ucid: string): Promise<Lookup<ChannelRecord>> {
    return this.getJson(`/api/v1/channels/${ucid}`, (json, base) => this.expectId(parseChannel(json, base), ucid));
  }

  async *listChannelVideos(ucid: string, { all }: { all: boolean }): AsyncIterable<VideoPage> {
    const seen = new Set<string>();
    let continuation: string | null = null;
    for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
      const query: string = continuation ? `?continuation=${encodeURIComponent(continuation)}` : '';
      const result = await this.getJson(`/api/v1/channels/${ucid}/videos${query}`, (json, base) => parseChannelVideosPage(json, base, ucid));
      if (!result.found) return;
      yield { videos: result.value.videos };
      continuation = result.value.continuation;
      if (!all || !continuation || seen.has(continuation)) return;
      seen.add(continuation);
    }
  }

  /** Pages overlap (Invidious windows them around `(page-1)*100`), so entries are merged by their index. */
  async getPlaylist(id: string): Promise<Lookup<PlaylistRecord>> {
    const parse = (json: unknown, base: string) => parsePlaylistPage(json, base);
    const first = await this.getJson(`/api/v1/playlists/${id}`, parse);
    if (!first.found) return notFound;
    const entries = new Map(first.value.entries.map((e) => [e.index, e.video]));
    const expected = first.value.videoCount;
    for (let page = 2; page <= MAX_PLAYLIST_PAGES && (expected === null || entries.size < expected); page++) {
      const next = await this.getJson(`/api/v1/playlists/${id}?page=${page}`, parse);
      if (!next.found) break;
      const before = entries.size;
      for (const entry of next.value.entries) entries.set(entry.index, entry.video);
      if (entries.size === before) break;
    }
    const videos = [...entries.entries()].sort(([a], [b]) => a - b).map(([, video]) => video);
    return found({ ...first.value.playlist, id, videos });
  }

  private async getJson<T>(pathAndQuery: string, parse: (json: unknown, baseUrl: string) => T): Promise<Lookup<T>> {
    const { result: text, baseUrl } = await this.http.fetchText(pathAndQuery, 'application/json');
    if (!text.found) return notFound;
    try {
      return found(parse(parseJson(text.value), baseUrl));
    } catch (error) {
      if (error instanceof MalformedBody) {
        throw new UpstreamMalformedError(`malformed upstream response to GET ${this.http.url(pathAndQuery, baseUrl)}: ${error.message}`);
      }
      throw error;
    }
  }

  private expectId<T extends { id: string }>(record: T, requested: string): T {
    if (record.id !== requested) throw new MalformedBody(`asked for ${requested}, got ${record.id}`);
    return record;
  }
}
