import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Image, PlaylistRecord } from './catalog-records.js';
import { entryQuery, toEntry, type EntryRow, type RawEntry } from './playlist-entries.js';
import { keepingStoredValues } from './sql-values.js';

/** An upstream playlist as the Invidious dialect shows it, with its entry count. */
export interface UpstreamPlaylistRow {
  id: string;
  title: string | null;
  author: string | null;
  channelId: string | null;
  channelThumbnails: Image[] | null;
  description: string | null;
  thumbnailUrl: string | null;
  updatedAt: Date;
  videoCount: number;
}

/** An upstream playlist's own columns. */
export interface UpstreamPlaylistColumns {
  id: string;
  title: string | null;
  author: string | null;
  channel_id: string | null;
  description: string | null;
  missing_upstream: boolean;
  created_at: Date;
  last_refreshed_at: Date | null;
}

/** An entry with its video's title and uploader, and whether the catalog holds the video. */
export interface UpstreamPlaylistEntryColumns {
  playlist_id: string;
  video_id: string;
  title: string | null;
  uploader: string | null;
  in_catalog: boolean;
}

/** Every statement about `upstream_playlists` and their entries (`upstream_playlist_videos`). */
@Injectable()
export class UpstreamPlaylistsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exists(id: string): Promise<boolean> {
    const [{ found }]: { found: boolean }[] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM upstream_playlists WHERE id = $1) AS found', [id]);
    return found;
  }

  /** The playlist's thumbnail URL; null when it has none or the catalog does not hold it. */
  async thumbnailUrl(id: string): Promise<string | null> {
    const [row]: { thumbnail_url: string | null }[] = await this.dataSource.query('SELECT thumbnail_url FROM upstream_playlists WHERE id = $1', [id]);
    return row?.thumbnail_url ?? null;
  }

  /** The playlists among `ids`. */
  findByIds(ids: string[]): Promise<UpstreamPlaylistColumns[]> {
    return this.dataSource.query(
      `SELECT id, title, author, channel_id, description, missing_upstream, created_at, last_refreshed_at
         FROM upstream_playlists WHERE id = ANY($1::text[])`,
      [ids],
    );
  }

  /** Every entry of the playlists among `ids`, by playlist then position. */
  entriesOf(ids: string[]): Promise<UpstreamPlaylistEntryColumns[]> {
    return this.dataSource.query(
      `SELECT pv.playlist_id, pv.video_id, v.title, COALESCE(c.name, v.channel_name) AS uploader, v.id IS NOT NULL AS in_catalog
         FROM upstream_playlist_videos pv
         LEFT JOIN videos v ON v.id = pv.video_id
         LEFT JOIN channels c ON c.id = v.channel_id
         WHERE pv.playlist_id = ANY($1::text[])
         ORDER BY pv.playlist_id, pv.position`,
      [ids],
    );
  }

  /** The playlist with its channel's name and avatars and its entry count, or null. */
  async findSummary(id: string): Promise<UpstreamPlaylistRow | null> {
    const rows: {
      id: string;
      title: string | null;
      author: string | null;
      channel_id: string | null;
      channel_thumbnails: Image[] | null;
      description: string | null;
      thumbnail_url: string | null;
      updated_at: Date;
      video_count: number;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.title, COALESCE(p.author, c.name) AS author, p.channel_id, c.thumbnails AS channel_thumbnails, p.description,
              p.thumbnail_url, COALESCE(p.last_refreshed_at, p.created_at) AS updated_at,
              (SELECT count(*)::int FROM upstream_playlist_videos e WHERE e.playlist_id = p.id) AS video_count
       FROM upstream_playlists p LEFT JOIN channels c ON c.id = p.channel_id
       WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      author: row.author,
      channelId: row.channel_id,
      channelThumbnails: row.channel_thumbnails,
      description: row.description,
      thumbnailUrl: row.thumbnail_url,
      updatedAt: row.updated_at,
      videoCount: row.video_count,
    };
  }

  /** Entries `[from, from + limit)` of one playlist, in order. */
  async entryWindow(playlistId: string, from: number, limit: number): Promise<EntryRow[]> {
    const rows: RawEntry[] = await this.dataSource.query(
      entryQuery('upstream_playlist_videos', 'e.playlist_id = $1 AND e.position >= $2 AND e.position < $2 + $3'),
      [playlistId, from, limit],
    );
    return rows.map(toEntry);
  }

  async firstVideoId(playlistId: string): Promise<string | null> {
    const rows: { video_id: string }[] = await this.dataSource.query('SELECT video_id FROM upstream_playlist_videos WHERE playlist_id = $1 AND position = 0', [
      playlistId,
    ]);
    return rows[0]?.video_id ?? null;
  }

  /** Where a video first appears in the playlist, or null. */
  async positionOf(playlistId: string, videoId: string): Promise<number | null> {
    const rows: { position: number }[] = await this.dataSource.query(
      `SELECT min(position) AS position FROM upstream_playlist_videos WHERE playlist_id = $1 AND video_id = $2`,
      [playlistId, videoId],
    );
    return rows[0]?.position ?? null;
  }

  /** The upstream answered 404: flags the stored playlist; false when the catalog never had it. */
  async markMissing(id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE upstream_playlists SET missing_upstream = true, last_refreshed_at = now() WHERE id = $1`,
      [id],
    );
    return affected > 0;
  }

  /**
   * Inside the caller's transaction: upserts the playlist (its owner channel, when known, already
   * stored) and replaces its entries with the upstream's current order.
   */
  async save(manager: EntityManager, playlist: PlaylistRecord, owner: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO upstream_playlists AS p (id, title, author, channel_id, description, thumbnail_url, last_refreshed_at, missing_upstream)
         VALUES ($1, $2, $3, $4, $5, $6, now(), false)
         ON CONFLICT (id) DO UPDATE SET
           ${keepingStoredValues('p', ['title', 'author', 'channel_id', 'description', 'thumbnail_url'])},
           last_refreshed_at = now(),
           missing_upstream = false`,
      [playlist.id, playlist.title, playlist.author, owner, playlist.description, playlist.thumbnailUrl],
    );
    // The entries are the upstream's current order, so they are replaced rather than merged.
    await manager.query('DELETE FROM upstream_playlist_videos WHERE playlist_id = $1', [playlist.id]);
    await manager.query(
      `INSERT INTO upstream_playlist_videos (playlist_id, position, video_id)
         SELECT $1, ordinality - 1, video_id FROM unnest($2::text[]) WITH ORDINALITY AS e(video_id, ordinality)`,
      [playlist.id, playlist.videos.map((video) => video.id)],
    );
  }
}
