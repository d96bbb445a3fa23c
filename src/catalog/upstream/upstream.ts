import type { ChannelRecord, PlaylistRecord, VideoRecord } from '../media/catalog-records.js';
import type { UpstreamKind } from '../../platform/config/config.js';

/** The injection token of the configured source: an UpstreamSource, or null when none is configured. */
export const UPSTREAM_SOURCE = Symbol('UPSTREAM_SOURCE');

/** A 404 from the upstream: the item is gone (or never existed) there. Not an error: nothing to retry. */
export type Lookup<T> = { found: true; value: T } | { found: false };
export const notFound: Lookup<never> = { found: false };
export const found = <T>(value: T): Lookup<T> => ({ found: true, value });

export interface VideoPage {
  /** Newest first. */
  videos: VideoRecord[];
}

export interface UpstreamSource {
  readonly kind: UpstreamKind;
  /**
   * Whether listings carry everything a single-video lookup would (RSS: yes). Invidious channel
   * pages carry only a description snippet, so new videos found there get their own lookup.
   */
  readonly listingsAreComplete: boolean;

  getVideo(id: string): Promise<Lookup<VideoRecord>>;
  getChannel(ucid: string): Promise<Lookup<ChannelRecord>>;
  /**
   * A channel's uploads, newest first, one page per iteration: only the newest page unless `all`.
   * Existence is getChannel's to decide; a listing the upstream no longer has just ends.
   */
  listChannelVideos(ucid: string, options: { all: boolean }): AsyncIterable<VideoPage>;
  /** The playlist with all its entries (the source walks the pages). */
  getPlaylist(id: string): Promise<Lookup<PlaylistRecord>>;
}

/**
 * A failed upstream call. `permanent` errors (a malformed body, a refused request, an operation the
 * source cannot do) fail the job at once; the others (timeouts, 429, 5xx) are worth retrying later.
 */
export abstract class UpstreamError extends Error {
  abstract readonly permanent: boolean;
}

/** Network error, timeout, 429 or 5xx, still failing after the client's own retries. */
export class UpstreamUnavailableError extends UpstreamError {
  readonly permanent = false;
}

/** A body that is not what the API documents (not JSON/XML, missing or mistyped fields). */
export class UpstreamMalformedError extends UpstreamError {
  readonly permanent = true;
}

/** A 4xx other than 404, 410 and 429: the request itself is refused. */
export class UpstreamRejectedError extends UpstreamError {
  readonly permanent = true;
}

/** The configured source cannot do this (e.g. RSS feeds have no single-video lookup). */
export class UpstreamUnsupportedError extends UpstreamError {
  readonly permanent = true;
}
