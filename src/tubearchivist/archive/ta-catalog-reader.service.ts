import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toTaChannel, toTaPlaylist, toTaVideo, type TaChannel, type TaChannelRow, type TaPlaylist, type TaPlaylistEntryRow, type TaVideo } from './ta-objects.js';

/** Postgres returns int8 as a string; counts fit a double exactly. */
const count = (value: string | null) => (value === null ? null : Number(value));

interface ChannelColumns {
  channel_id: string;
  channel_name: string | null;
  channel_description: string | null;
  channel_subscriber_count: string | null;
  channel_missing_upstream: boolean;
  channel_created_at: Date;
  channel_last_refreshed_at: Date | null;
  channel_subscribed: boolean;
}

interface VideoColumns extends ChannelColumns {
  id: string;
  title: string | null;
  description: string | null;
  published: Date | null;
  length_seconds: number | null;
  view_count: string | null;
  like_count: string | null;
  genre: string | null;
  live_now: boolean | null;
  is_upcoming: boolean | null;
  missing_upstream: boolean;
  created_at: Date;
  last_refreshed_at: Date | null;
  watched_at: Date | null;
  playlist_ids: string[];
  video_channel_name: string | null;
}

interface PlaylistColumns {
  id: string;
  title: string | null;
  author: string | null;
  channel_id: string | null;
  description: string | null;
  missing_upstream: boolean;
  created_at: Date;
  last_refreshed_at: Date | null;
}

interface PlaylistEntryColumns {
  playlist_id: string;
  video_id: string;
  title: string | null;
  uploader: string | null;
  in_catalog: boolean;
}

/** The channel columns every query below selects, with the caller's subscription (`$2`). */
const CHANNEL_COLUMNS = `
  c.id AS channel_id, c.name AS channel_name, c.description AS channel_description,
  c.subscriber_count AS channel_subscriber_count, c.missing_upstream AS channel_missing_upstream,
  c.created_at AS channel_created_at, c.last_refreshed_at AS channel_last_refreshed_at,
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = $2 AND s.channel_id = c.id) AS channel_subscribed`;

const channelRow = (row: ChannelColumns): TaChannelRow => ({
  id: row.channel_id,
  name: row.channel_name,
  description: row.channel_description,
  subscriberCount: count(row.channel_subscriber_count),
  missingUpstream: row.channel_missing_upstream,
  createdAt: row.channel_created_at,
  lastRefreshedAt: row.channel_last_refreshed_at,
  subscribed: row.channel_subscribed,
});

/**
 * Loads catalog items by id and shapes them as TubeArchivist objects, with the caller's own state
 * (watched, subscribed). Each call is one query per kind, whatever the number of ids; results come
 * back keyed by id, and ids not in the catalog are simply absent.
 */
@Injectable()
export class TaCatalogReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async videos(ids: string[], userId: number): Promise<Map<string, TaVideo>> {
    if (ids.length === 0) return new Map();
    const rows: VideoColumns[] = await this.dataSource.query(
      `SELECT v.id, v.title, v.description, v.published, v.length_seconds, v.view_count, v.like_count, v.genre, v.live_now,
              v.is_upcoming, v.missing_upstream, v.created_at, v.last_refreshed_at, w.watched_at,
              ARRAY(SELECT DISTINCT pv.playlist_id FROM upstream_playlist_videos pv WHERE pv.video_id = v.id ORDER BY 1) AS playlist_ids,
              COALESCE(c.name, v.channel_name) AS video_channel_name, ${CHANNEL_COLUMNS}
       FROM videos v
       JOIN channels c ON c.id = v.channel_id
       LEFT JOIN watched w ON w.user_id = $2 AND w.video_id = v.id
       WHERE v.id = ANY($1::text[])`,
      [ids, userId],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        toTaVideo({
          id: row.id,
          title: row.title,
          description: row.description,
          published: row.published,
          lengthSeconds: row.length_seconds,
          viewCount: count(row.view_count),
          likeCount: count(row.like_count),
          genre: row.genre,
          liveNow: row.live_now,
          isUpcoming: row.is_upcoming,
          missingUpstream: row.missing_upstream,
          createdAt: row.created_at,
          lastRefreshedAt: row.last_refreshed_at,
          channel: { ...channelRow(row), name: row.video_channel_name },
          playlistIds: row.playlist_ids,
          watchedAt: row.watched_at,
        }),
      ]),
    );
  }

  async channels(ids: string[], userId: number): Promise<Map<string, TaChannel>> {
    if (ids.length === 0) return new Map();
    const rows: ChannelColumns[] = await this.dataSource.query(`SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = ANY($1::text[])`, [ids, userId]);
    return new Map(rows.map((row) => [row.channel_id, toTaChannel(channelRow(row))]));
  }

  async playlists(ids: string[]): Promise<Map<string, TaPlaylist>> {
    if (ids.length === 0) return new Map();
    const [playlists, entries]: [PlaylistColumns[], PlaylistEntryColumns[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, title, author, channel_id, description, missing_upstream, created_at, last_refreshed_at
         FROM upstream_playlists WHERE id = ANY($1::text[])`,
        [ids],
      ),
      this.dataSource.query(
        `SELECT pv.playlist_id, pv.video_id, v.title, COALESCE(c.name, v.channel_name) AS uploader, v.id IS NOT NULL AS in_catalog
         FROM upstream_playlist_videos pv
         LEFT JOIN videos v ON v.id = pv.video_id
         LEFT JOIN channels c ON c.id = v.channel_id
         WHERE pv.playlist_id = ANY($1::text[])
         ORDER BY pv.playlist_id, pv.position`,
        [ids],
      ),
    ]);
    const entriesByPlaylist = new Map<string, TaPlaylistEntryRow[]>();
    for (const entry of entries) {
      const list = entriesByPlaylist.get(entry.playlist_id) ?? [];
      list.push({ videoId: entry.video_id, title: entry.title, uploader: entry.uploader, inCatalog: entry.in_catalog });
      entriesByPlaylist.set(entry.playlist_id, list);
    }
    return new Map(
      playlists.map((row) => [
        row.id,
        toTaPlaylist({
          id: row.id,
          title: row.title,
          author: row.author,
          channelId: row.channel_id,
          description: row.description,
          missingUpstream: row.missing_upstream,
          createdAt: row.created_at,
          lastRefreshedAt: row.last_refreshed_at,
          entries: entriesByPlaylist.get(row.id) ?? [],
        }),
      ]),
    );
  }
}
