import { Injectable } from '@nestjs/common';
import { UpstreamReadError } from '../../catalog/read-through/upstream-read-error.js';
import { UpstreamGateway } from '../../catalog/upstream/upstream-gateway.service.js';
import { invidiousUpstreamError } from '../catalog/upstream-failure.js';

/** A pass-through route: its label (metrics and messages) and how long its answers stay cached. */
export interface PassThroughRoute {
  name: string;
  /** Says what needs an Invidious upstream in the 501 message, e.g. `Search`. */
  label: string;
  ttlSeconds: number;
}

/** The cache lifetimes (docs/dialects/invidious.md#search-and-pass-through-routes). */
export const PASS_THROUGH_ROUTES = {
  search: { name: 'search', label: 'Search', ttlSeconds: 600 },
  suggestions: { name: 'suggestions', label: 'Search suggestions', ttlSeconds: 3600 },
  comments: { name: 'comments', label: 'Comments', ttlSeconds: 600 },
  trending: { name: 'trending', label: 'Trending', ttlSeconds: 1800 },
  captions: { name: 'captions', label: 'Captions', ttlSeconds: 3600 },
  resolveurl: { name: 'resolveurl', label: 'Resolving URLs', ttlSeconds: 86400 },
  hashtag: { name: 'hashtag', label: 'Hashtag pages', ttlSeconds: 1800 },
  storyboards: { name: 'storyboards', label: 'Storyboards', ttlSeconds: 3600 },
  video: { name: 'video', label: 'Playback', ttlSeconds: 300 },
  manifest: { name: 'manifest', label: 'Playback', ttlSeconds: 300 },
} as const satisfies Record<string, PassThroughRoute>;

/** Query parameters tubevault handles itself, never passed on. */
const NOT_PASSED_ON = new Set(['local', 'pretty']);

export interface PassThroughAnswer {
  contentType: string;
  /** Parsed JSON, or the text of any other media type (WebVTT, XML). */
  body: unknown;
  /** Which upstream instance answered (index in UPSTREAM_URL), when known. */
  instance?: number;
}

/**
 * Routes answered by the Invidious upstream through the shared cache (UpstreamGateway): the query
 * is passed on in a stable order (so equal requests share one cache entry), the upstream's failure
 * becomes an Invidious error.
 */
@Injectable()
export class PassThroughService {
  constructor(private readonly gateway: UpstreamGateway) {}

  async get(route: PassThroughRoute, path: string, query: object = {}): Promise<PassThroughAnswer> {
    const params = new URLSearchParams();
    for (const key of Object.keys(query).sort()) {
      const value = (query as Record<string, unknown>)[key];
      if (value !== undefined && value !== null && !NOT_PASSED_ON.has(key)) params.set(key, String(value));
    }
    const search = params.toString();
    let answer;
    try {
      answer = await this.gateway.get(route.name, search ? `${path}?${search}` : path, route.ttlSeconds);
    } catch (error) {
      if (!(error instanceof UpstreamReadError)) throw error;
      throw invidiousUpstreamError(
        error.reason === 'unsupported'
          ? new UpstreamReadError(
              'unsupported',
              `${route.label} needs an Invidious upstream: set UPSTREAM_URL=<an Invidious instance> (the configured upstream is ${this.gateway.configuredUpstream})`,
            )
          : error,
        error.message,
      );
    }
    return {
      contentType: answer.contentType,
      body: answer.contentType === 'application/json' ? JSON.parse(answer.body) : answer.body,
      ...(answer.instance !== undefined ? { instance: answer.instance } : {}),
    };
  }
}
