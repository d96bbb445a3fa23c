import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Privacy } from './playlist-rules.js';

/** A user's own playlist (`IVPL…`). The service writes it with SQL; the entity documents the table. */
@Entity('playlists')
export class PlaylistEntity {
  /** `IVPL` + 31 characters of A-Z a-z 0-9 _ -. */
  @PrimaryColumn('text')
  id: string;

  @Column('integer')
  userId: number;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text')
  privacy: Privacy;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Changed only by a real change of the playlist or its entries. */
  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  /** Creation order (the export's order); int8, read as a string. */
  @Column({ type: 'bigint', insert: false, update: false, generatedIdentity: 'ALWAYS' })
  createdSeq: string;
}

/** One entry: `position` is 0-based and gap-free; `indexId` names the entry for removal. */
@Entity('playlist_videos')
export class PlaylistVideoEntity {
  @PrimaryColumn('text')
  playlistId: string;

  /** Random 63-bit integer, unique within the playlist; int8, read as a string. */
  @PrimaryColumn('bigint')
  indexId: string;

  @Column('integer')
  position: number;

  /** Not a foreign key: an imported entry may name a video the catalog has not fetched yet. */
  @Column('text')
  videoId: string;
}
