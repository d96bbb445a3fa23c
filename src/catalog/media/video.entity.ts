import { NullableText } from '../../platform/database/columns.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Thumbnail } from './catalog-records.js';
import { bigintAsNumber } from './column-transformers.js';
import { UpstreamCopyEntity } from './upstream-copy.entity.js';

/** The generated search column's expression (as written in the catalog migration). */
const SEARCH_EXPRESSION =
  "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || " +
  "setweight(to_tsvector('simple'::regconfig, coalesce(channel_name, '')), 'B') || " +
  "setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C')";

/**
 * A catalog video. Lists order by `published DESC NULLS LAST, id DESC` (the index's order): stubs
 * known only from a playlist have no date yet.
 */
@Entity('videos')
export class VideoEntity extends UpstreamCopyEntity {
  /** 11 characters of A-Z a-z 0-9 _ -. */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  channelId: string;

  /** Copy of channels.name, so the generated search vector can include it; kept in step by channel upserts. */
  @NullableText()
  channelName: string | null;

  @NullableText()
  title: string | null;

  @NullableText()
  description: string | null;

  @Column('timestamptz', { nullable: true })
  published: Date | null;

  @Column('integer', { nullable: true })
  lengthSeconds: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  viewCount: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  likeCount: number | null;

  @Column('jsonb', { nullable: true })
  thumbnails: Thumbnail[] | null;

  @NullableText()
  genre: string | null;

  @Column('boolean', { nullable: true })
  liveNow: boolean | null;

  @Column('boolean', { nullable: true })
  isUpcoming: boolean | null;

  @Column('timestamptz', { nullable: true })
  premiereAt: Date | null;

  /** Full-text search over title (A), channel name (B) and description (C), `simple` configuration. */
  @Column({ type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: SEARCH_EXPRESSION })
  search: string;
}
