import { NullableText } from '../../platform/database/columns.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Image } from './catalog-records.js';
import { bigintAsNumber } from './column-transformers.js';
import { UpstreamCopyEntity } from './upstream-copy.entity.js';

/** A YouTube channel as last seen upstream; a stub (only id and maybe name) until refreshed. */
@Entity('channels')
export class ChannelEntity extends UpstreamCopyEntity {
  /** `UC` + 22 characters. */
  @PrimaryColumn('text')
  id: string;

  @NullableText()
  name: string | null;

  @NullableText()
  description: string | null;

  @Column('jsonb', { nullable: true })
  thumbnails: Image[] | null;

  @Column('jsonb', { nullable: true })
  banners: Image[] | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  subscriberCount: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  totalViews: number | null;

  @Column('timestamptz', { nullable: true })
  joined: Date | null;
}
