import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RUM_INDEX } from '../../platform/database/migrations/1764081200000-search-rum.js';
import type { SearchHit } from './search-hits.js';
import type { TermPlan } from './search-query.js';

/**
 * How matching videos are ranked (docs/search.md): `rum` when the RUM index exists (the exact best
 * by RUM's relevance), else `gin` (ts_rank of the newest GIN_RANKING_WINDOW matches).
 */
export type SearchPath = 'rum' | 'gin';

/** On the `gin` path, how many of the newest matching videos are ranked (docs/search.md#the-gin-path). */
export const GIN_RANKING_WINDOW = 1000;

/** What `compile` returns: each given term's tsquery as text, null where no term was given. */
export type CompiledTerms<K extends string> = Record<K, string | null>;

/** Terms are tsquery texts from `compile`; null: no term (everything the filters allow matches). */
export interface VideoSearch {
  term: string | null;
  /** Words the video's channel name must match (`video:` queries' `channel:`). */
  channel: string | null;
  active: boolean | null;
}

export interface ChannelSearch {
  term: string | null;
  active: boolean | null;
  /** Whether `userId` subscribes. */
  subscribed: boolean | null;
  userId: number;
}

export interface PlaylistSearch {
  term: string | null;
  active: boolean | null;
}

/** Positional parameters, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/**
 * A term's tsquery (see `planTerm`): websearch_to_tsquery of the term, its last plain word turned
 * into prefix matches of that word's lexemes by rewriting a placeholder. A last word without
 * lexemes (punctuation) leaves the term as websearch reads it.
 */
function tsquery(plan: TermPlan, params: Params): string {
  const whole = `websearch_to_tsquery('simple', ${params.add(plan.websearch)})`;
  if (!plan.prefix) return whole;
  const prefixes = String.raw`(SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''':*', ' & ')::tsquery
      FROM unnest(to_tsvector('simple', ${params.add(plan.prefix.word)})))`;
  const placeholdered = `websearch_to_tsquery('simple', ${params.add(plan.prefix.websearch)})`;
  return `coalesce(ts_rewrite(${placeholdered}, ${params.add(plan.prefix.placeholder)}::tsquery, ${prefixes}), ${whole})`;
}

/**
 * The best `limit` videos by RUM's relevance, read in relevance order from the RUM index
 * (`search <=> query` is RUM's distance, 1 / relevance), ties newest first. The index returns equal
 * distances in no particular order, so every video tied with the last place is read as well: the
 * window's run condition (`place <= limit`, rank() counted row by row) ends the scan right after
 * that tie group, and only those rows are sorted by date. How many rows that is cannot be known
 * beforehand; a LIMIT the planner cannot see (NULL, i.e. none) makes it plan for reading a fraction
 * of the matches, which is the ordered index scan, instead of ranking every match and sorting.
 */
function rumTopVideos(filters: string[], query: string, limit: number): string {
  return `SELECT id, round((1::real / distance)::numeric, 2) AS score FROM (
      SELECT matches.*, rank() OVER (ORDER BY distance ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS place
      FROM (SELECT videos.id, videos.published, videos.search <=> ${query} AS distance FROM videos
            WHERE ${filters.join(' AND ')}
            ORDER BY videos.search <=> ${query} LIMIT (SELECT NULL::bigint)) matches
    ) ranked
    WHERE place <= ${limit}
    ORDER BY distance, published DESC NULLS LAST, id DESC
    LIMIT ${limit}`;
}

/**
 * The best `limit` of the newest GIN_RANKING_WINDOW matching videos by ts_rank, ties newest first.
 * With the tsquery a constant, the planner chooses between walking `videos_published_idx` until
 * enough rows match (a common word) and collecting the few matches through the GIN index (a rare
 * one); either way at most the window is ranked.
 */
function ginTopVideos(filters: string[], query: string, limit: number): string {
  return `SELECT id, round(relevance::numeric, 2) AS score FROM (
      SELECT newest.id, newest.published, ts_rank(newest.search, ${query}) AS relevance
      FROM (SELECT videos.id, videos.published, videos.search FROM videos
            WHERE ${filters.join(' AND ')}
            ORDER BY videos.published DESC NULLS LAST, videos.id DESC LIMIT ${GIN_RANKING_WINDOW}) newest
    ) ranked
    ORDER BY relevance DESC, published DESC NULLS LAST, id DESC
    LIMIT ${limit}`;
}

/**
 * Channels or catalog playlists, few enough to rank every match (their GIN indexes find the
 * matches): with a term, by `rank` (the path's relevance function) and then `order`; without one,
 * everything the filters let through in `order`, score 0.
 */
function rankedRows(options: {
  table: string;
  document: string;
  rank: string;
  query: string | null;
  filters: string[];
  order: string;
  params: Params;
  limit: number;
}): string {
  const { table, document, rank, query, filters, order, params, limit } = options;
  if (query === null) return `SELECT ${table}.id, 0 AS score FROM ${table} WHERE ${filters.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`;
  const tsquery = `${params.add(query)}::tsquery`;
  return `SELECT ${table}.id, round(scored.relevance::numeric, 2) AS score
    FROM ${table} CROSS JOIN LATERAL (SELECT ${rank}(${document}, ${tsquery}) AS relevance) scored
    WHERE ${[...filters, `${document} @@ ${tsquery}`].join(' AND ')}
    ORDER BY scored.relevance DESC, ${order}
    LIMIT ${limit}`;
}

const hitsOf = (rows: { id: string; score: string | number }[]): SearchHit[] => rows.map((row) => ({ id: row.id, score: Number(row.score) }));

/**
 * Full-text search of the catalog (docs/dialects/tubearchivist.md#matching, docs/search.md),
 * `simple` configuration. Videos use their stored `search` vector (title A, channel name B,
 * description C), ranked through the RUM index when there is one; channels (name A, description B)
 * and playlists (title A, author B) are far fewer and are matched through GIN expression indexes.
 * Items without a title or name (bare stubs) are never found.
 *
 * The search index's repository: it reads `videos`, `channels`, `upstream_playlists` (and the
 * caller's `subscriptions`) directly, though their owners are VideosRepository, ChannelsRepository,
 * UpstreamPlaylistsRepository and SubscriptionsRepository. Its statements are one ranked full-text
 * query per kind, tied to the search indexes, and write nothing.
 */
@Injectable()
export class SearchRepository implements OnModuleInit {
  private readonly logger = new Logger('Search');
  private path: SearchPath = 'gin';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Which path serves this process, decided once: whether the migrations could create the RUM index. */
  async onModuleInit(): Promise<void> {
    const [{ rum }] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND indisvalid) AS rum', [
      RUM_INDEX,
    ]);
    this.path = rum ? 'rum' : 'gin';
    this.logger.log(rum ? 'search: RUM index (exact ranked top-30)' : 'search: GIN, bounded ranking (see docs/search.md)');
  }

  /**
   * The given terms' tsqueries as text, in one round trip, for the searches to use as constants:
   * the planner then estimates how many rows match, which is what picks the GIN path's plan. Null
   * when a given term has no lexemes: it matches nothing, so neither does the search.
   */
  async compile<K extends string>(terms: Record<K, TermPlan | null>): Promise<CompiledTerms<K> | null> {
    const keys = (Object.keys(terms) as K[]).filter((key) => terms[key] !== null);
    const compiled = Object.fromEntries(Object.keys(terms).map((key) => [key, null])) as CompiledTerms<K>;
    if (keys.length === 0) return compiled;
    const params = new Params();
    const columns = keys.map(
      (key, i) => `(SELECT CASE WHEN numnode(query) > 0 THEN query::text END FROM (SELECT ${tsquery(terms[key]!, params)} AS query) term) AS q${i}`,
    );
    const [row] = await this.dataSource.query(`SELECT ${columns.join(', ')}`, params.values);
    for (const [i, key] of keys.entries()) {
      const text = row[`q${i}`] as string | null;
      if (text === null) return null;
      compiled[key] = text;
    }
    return compiled;
  }

  async videos(search: VideoSearch, limit: number): Promise<SearchHit[]> {
    const params = new Params();
    const filters = ['videos.title IS NOT NULL'];
    if (search.active !== null) filters.push(`videos.missing_upstream = ${params.add(!search.active)}`);
    if (search.channel !== null) filters.push(`to_tsvector('simple', coalesce(videos.channel_name, '')) @@ ${params.add(search.channel)}::tsquery`);
    let sql: string;
    if (search.term === null) {
      // Every score is 0: the plain order follows an index and stops early.
      sql = `SELECT videos.id, 0 AS score FROM videos WHERE ${filters.join(' AND ')} ORDER BY videos.published DESC NULLS LAST, videos.id DESC LIMIT ${limit}`;
    } else {
      const query = `${params.add(search.term)}::tsquery`;
      filters.push(`videos.search @@ ${query}`);
      sql = this.path === 'rum' ? rumTopVideos(filters, query, limit) : ginTopVideos(filters, query, limit);
    }
    return hitsOf(await this.dataSource.query(sql, params.values));
  }

  async channels(search: ChannelSearch, limit: number): Promise<SearchHit[]> {
    const params = new Params();
    const filters = ['channels.name IS NOT NULL'];
    if (search.active !== null) filters.push(`channels.missing_upstream = ${params.add(!search.active)}`);
    if (search.subscribed !== null) {
      const subscribed = `EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = ${params.add(search.userId)} AND s.channel_id = channels.id)`;
      filters.push(search.subscribed ? subscribed : `NOT ${subscribed}`);
    }
    const sql = rankedRows({
      table: 'channels',
      document:
        "(setweight(to_tsvector('simple', coalesce(channels.name, '')), 'A') || setweight(to_tsvector('simple', coalesce(channels.description, '')), 'B'))",
      rank: this.rank,
      query: search.term,
      filters,
      order: 'lower(channels.name), channels.id',
      params,
      limit,
    });
    return hitsOf(await this.dataSource.query(sql, params.values));
  }

  async playlists(search: PlaylistSearch, limit: number): Promise<SearchHit[]> {
    const params = new Params();
    const filters = ['upstream_playlists.title IS NOT NULL'];
    if (search.active !== null) filters.push(`upstream_playlists.missing_upstream = ${params.add(!search.active)}`);
    const sql = rankedRows({
      table: 'upstream_playlists',
      document:
        "(setweight(to_tsvector('simple', coalesce(upstream_playlists.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(upstream_playlists.author, '')), 'B'))",
      rank: this.rank,
      query: search.term,
      filters,
      order: 'lower(upstream_playlists.title), upstream_playlists.id',
      params,
      limit,
    });
    return hitsOf(await this.dataSource.query(sql, params.values));
  }

  /** The path's relevance for channels and playlists, the same function its videos are ranked by. */
  private get rank(): string {
    return this.path === 'rum' ? 'rum_ts_score' : 'ts_rank';
  }
}
