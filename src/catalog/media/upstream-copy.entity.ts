import { Column, CreateDateColumn } from 'typeorm';

/**
 * The columns every catalog copy of an upstream item has (channels, videos, upstream playlists):
 * whether the upstream still has it, and when it entered the catalog and was last fetched.
 */
export abstract class UpstreamCopyEntity {
  /** The upstream answered 404 at the last refresh. */
  @Column('boolean', { default: false })
  missingUpstream: boolean;

  /** When the item entered the catalog. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the item itself was last fetched (for a channel, not when one of its videos was). */
  @Column('timestamptz', { nullable: true })
  lastRefreshedAt: Date | null;
}
