import { Injectable } from '@nestjs/common';
import { ChannelsRepository, type ChannelColumns } from '../../catalog/media/channels.repository.js';
import { UpstreamPlaylistsRepository } from '../../catalog/media/upstream-playlists.repository.js';
import { VideosRepository } from '../../catalog/media/videos.repository.js';
import {
  toTaChannel,
  toTaPlaylist,
  toTaVideo,
  type TaChannel,
  type TaChannelRow,
  type TaPlaylist,
  type TaPlaylistEntryRow,
  type TaVideo,
} from './ta-objects.js';

/** Postgres returns int8 as a string; counts fit a double exactly. */
const count = (value: string | null) => (value === null ? null : Number(value));

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
  constructor(
    private readonly videoRows: VideosRepository,
    private readonly channelRows: ChannelsRepository,
    private readonly playlistRows: UpstreamPlaylistsRepository,
  ) {}

  async videos(ids: string[], userId: number): Promise<Map<string, TaVideo>> {
    if (ids.length === 0) return new Map();
    const rows = await this.videoRows.withUserState(ids, userId);
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
    const rows = await this.channelRows.withSubscription(ids, userId);
    return new Map(rows.map((row) => [row.channel_id, toTaChannel(channelRow(row))]));
  }

  async playlists(ids: string[]): Promise<Map<string, TaPlaylist>> {
    if (ids.length === 0) return new Map();
    const [playlists, entries] = await Promise.all([this.playlistRows.findByIds(ids), this.playlistRows.entriesOf(ids)]);
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
