import { Injectable } from '@nestjs/common';
import { TaCatalogReader } from '../archive/ta-catalog-reader.service.js';
import { scored, TA_INDEX, type Scored, type TaChannel, type TaPlaylist, type TaVideo } from '../archive/ta-objects.js';
import { MAX_RESULTS, mergeByScore, type HitsByKind, type SearchHit } from '../../catalog/search/search-hits.js';
import { parseSearchQuery, planTerm, type ParsedSearch, type QueryType } from '../../catalog/search/search-query.js';
import { SearchRepository } from '../../catalog/search/search.repository.js';

export interface SearchResponse {
  results: {
    video_results: Scored<TaVideo, 'ta_video'>[];
    channel_results: Scored<TaChannel, 'ta_channel'>[];
    playlist_results: Scored<TaPlaylist, 'ta_playlist'>[];
    /** tubevault has no subtitles. */
    fulltext_results: never[];
  };
  queryType: QueryType;
}

const NO_HITS: HitsByKind = { video: [], channel: [], playlist: [] };

/** Hydrated objects in hit order; an item deleted between the two queries is dropped. */
function inOrder<T, I extends string>(hits: SearchHit[], objects: Map<string, T>, index: I): Scored<T, I>[] {
  return hits.flatMap((hit) => {
    const object = objects.get(hit.id);
    return object ? [scored(object, index, hit.score)] : [];
  });
}

/** `GET /api/search/` (docs/dialects/tubearchivist.md#search): parse, rank ids, then shape the hits as TA objects with the caller's state. */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly reader: TaCatalogReader,
  ) {}

  /** `text`: a search text the query DTO accepted. */
  async search(text: string, userId: number): Promise<SearchResponse> {
    const parsed = parseSearchQuery(text);
    const hits = await this.hits(parsed, userId);
    const [videos, channels, playlists] = await Promise.all([
      this.reader.videos(
        hits.video.map((hit) => hit.id),
        userId,
      ),
      this.reader.channels(
        hits.channel.map((hit) => hit.id),
        userId,
      ),
      this.reader.playlists(hits.playlist.map((hit) => hit.id)),
    ]);
    return {
      results: {
        video_results: inOrder(hits.video, videos, TA_INDEX.video),
        channel_results: inOrder(hits.channel, channels, TA_INDEX.channel),
        playlist_results: inOrder(hits.playlist, playlists, TA_INDEX.playlist),
        fulltext_results: [],
      },
      queryType: parsed.queryType,
    };
  }

  private async hits(parsed: ParsedSearch, userId: number): Promise<HitsByKind> {
    // Neither needs the database: `full:` searches subtitles (there are none), and no playlist can be subscribed to.
    if (parsed.queryType === 'full' || (parsed.queryType === 'playlist' && parsed.subscribed === true)) return NO_HITS;
    const compiled = await this.repository.compile({
      term: parsed.term === null ? null : planTerm(parsed.term),
      channel: parsed.queryType === 'video' && parsed.channel !== null ? planTerm(parsed.channel) : null,
    });
    // A term (or `channel:`) without lexemes matches nothing.
    if (compiled === null) return NO_HITS;
    const { term } = compiled;
    switch (parsed.queryType) {
      case 'video':
        return { ...NO_HITS, video: await this.repository.videos({ term, channel: compiled.channel, active: parsed.active }, MAX_RESULTS) };
      case 'channel':
        return { ...NO_HITS, channel: await this.repository.channels({ term, active: parsed.active, subscribed: parsed.subscribed, userId }, MAX_RESULTS) };
      case 'playlist':
        // `subscribed:no` filters nothing.
        return { ...NO_HITS, playlist: await this.repository.playlists({ term, active: parsed.active }, MAX_RESULTS) };
      case 'simple': {
        const [video, channel, playlist] = await Promise.all([
          this.repository.videos({ term, channel: null, active: null }, MAX_RESULTS),
          this.repository.channels({ term, active: null, subscribed: null, userId }, MAX_RESULTS),
          this.repository.playlists({ term, active: null }, MAX_RESULTS),
        ]);
        return mergeByScore({ video, channel, playlist });
      }
    }
  }
}
