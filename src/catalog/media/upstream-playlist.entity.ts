import { NullableText } from '../../platform/database/columns.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpstreamCopyEntity } from './upstream-copy.entity.js';

/** A YouTube playlist (`PL…`, `UU…`, …) as last seen upstream; tubevault's own `IVPL…` playlists live elsewhere. */
@Entity('upstream_playlists')
export class UpstreamPlaylistEntity extends UpstreamCopyEntity {
  @PrimaryColumn('text')
  id: string;

  @NullableText()
  title: string | null;

  /** The owning channel's name. */
  @NullableText()
  author: string | null;

  @NullableText()
  channelId: string | null;

  @NullableText()
  description: string | null;

  @NullableText()
  thumbnailUrl: string | null;
}

/** One position of an upstream playlist; replaced as a whole at each refresh. */
@Entity('upstream_playlist_videos')
export class UpstreamPlaylistVideoEntity {
  @PrimaryColumn('text')
  playlistId: string;

  /** 0-based. */
  @PrimaryColumn('integer')
  position: number;

  /** Not a foreign key: an entry may name a video the catalog has not stored (yet). */
  @Column('text')
  videoId: string;
}
