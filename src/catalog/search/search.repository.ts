import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SearchHit } from './search-hits.js';
import type { TermPlan } from './search-query.js';

export interface VideoSearch {
  term: TermPlan | null;
  /** Words the video's channel name must match (`video:` queries' `channel:`). */
  channel: TermPlan | null;
  active: boolean | null;
}

export interface ChannelSearch {
  term: TermPlan | null;
  active: boolean | null;
  /** Whether `userId` subscribes. */
  subscribed: boolean | null;
  userId: number;
}

export interface PlaylistSearch {
  term: TermPlan | null;
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
 * A search of one table: `document` is the row's weighted tsvector. With a term, rows must match
 * it (a term without lexemes matches nothing) and are ranked by ts_rank; without one, everything
 * the filters let through, score 0. The query is a named CTE read through scalar subqueries, so it
 * is computed once and the GIN index of `videos.search` can be used.
 */
function rankedSearch(options: {
  table: string;
  document: string;
  term: TermPlan | null;
  filters: string[];
  order: string;
  params: Params;
  limit: number;
}): string {
  const { table, document, term, filters, order, params, limit } = options;
  const where = [...filters];
  let score = '0';
  let withTerm = '';
  if (term) {
    withTerm = `WITH term AS (SELECT ${tsquery(term, params)} AS query) `;
    where.push('(SELECT numnode(query) FROM term) > 0', `${document} @@ (SELECT query FROM term)`);
    score = `round(ts_rank(${document}, (SELECT query FROM term))::numeric, 2)`;
  }
  // Without a term every score is 0, and the plain order can follow an index and stop early.
  return `${withTerm}SELECT ${table}.id, ${score} AS score FROM ${table}
    WHERE ${where.join(' AND ')}
    ORDER BY ${term ? 'score DESC, ' : ''}${order}
    LIMIT ${limit}`;
}

const hitsOf = (rows: { id: string; score: string | number }[]): SearchHit[] => rows.map((row) => ({ id: row.id, score: Number(row.score) }));

/**
 * Full-text search of the catalog (docs/dialects/tubearchivist.md#matching), `simple` configuration.
 * Videos use their stored, GIN-indexed `search` vector (title A, channel name B, description C);
 * channels (name A, description B) and playlists (title A, author B) are far fewer and are
 * vectorised on the fly. Items without a title or name (bare stubs) are never found.
 *
 * The search index's repository: it reads `videos`, `channels`, `upstream_playlists` (and the
 * caller's `subscriptions`) directly, though their owners are VideosRepository, ChannelsRepository,
 * UpstreamPlaylistsRepository and SubscriptionsRepository. Its statements are one ranked full-text
 * query per kind, tied to the search indexes, and write nothing.
 */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async videos(search: VideoSearch, limit: number): Promise<SearchHit[]> {
    const params = new Params();
    const filters = ['videos.title IS NOT NULL'];
    if (search.active !== null) filters.push(`videos.missing_upstream = ${params.add(!search.active)}`);
    if (search.channel) {
      // Computed once (an InitPlan); words without lexemes match nothing, checked once, not per row.
      const channel = `(SELECT ${tsquery(search.channel, params)})`;
      filters.push(`numnode(${channel}) > 0`, `to_tsvector('simple', coalesce(videos.channel_name, '')) @@ ${channel}`);
    }
    const sql = rankedSearch({
      table: 'videos',
      document: 'videos.search',
      term: search.term,
      filters,
      order: 'videos.published DESC NULLS LAST, videos.id DESC',
      params,
      limit,
    });
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
    const sql = rankedSearch({
      table: 'channels',
      document: "(setweight(to_tsvector('simple', coalesce(channels.name, '')), 'A') || setweight(to_tsvector('simple', coalesce(channels.description, '')), 'B'))",
      term: search.term,
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
    const sql = rankedSearch({
      table: 'upstream_playlists',
      document:
        "(setweight(to_tsvector('simple', coalesce(upstream_playlists.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(upstream_playlists.author, '')), 'B'))",
      term: search.term,
      filters,
      order: 'lower(upstream_playlists.title), upstream_playlists.id',
      params,
      limit,
    });
    return hitsOf(await this.dataSource.query(sql, params.values));
  }
}
