import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { VideoWithChannel } from '../../catalog/media/catalog.service.js';
import { ChannelEntity } from '../../catalog/media/channel.entity.js';
import { VideoEntity } from '../../catalog/media/video.entity.js';

/** Listed videos: still upstream and with a title (as in the catalog's lists). */
const LISTABLE = 'v.missing_upstream = false AND v.title IS NOT NULL';
const VIDEO_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The catalog reads the stream needs beyond single-video lookups: replays and debug picks. */
@Injectable()
export class NotificationVideos {
  constructor(
    @InjectRepository(VideoEntity) private readonly videos: Repository<VideoEntity>,
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
  ) {}

  /**
   * docs/dialects/invidious.md#notifications replay: per channel its `perChannel` newest videos published after `since`
   * (one index range per channel), all of them oldest first by (published, id). Ids only: the
   * videos are loaded in small batches while they are sent.
   */
  async replayVideoIds(channelIds: string[], since: Date, perChannel: number): Promise<string[]> {
    const rows: { id: string }[] = await this.videos.query(
      `SELECT r.id FROM unnest($1::text[]) AS t(channel_id)
       CROSS JOIN LATERAL (
         SELECT v.id, v.published FROM videos v
          WHERE v.channel_id = t.channel_id AND v.published > $2 AND ${LISTABLE}
          ORDER BY v.published DESC NULLS LAST, v.id DESC
          LIMIT $3
       ) r
       ORDER BY r.published, r.id`,
      [channelIds, since, perChannel],
    );
    return rows.map((row) => row.id);
  }

  /** The videos with their channels, in the order of `ids`; ids no longer in the catalog are skipped. */
  async loadVideos(ids: string[]): Promise<VideoWithChannel[]> {
    if (ids.length === 0) return [];
    const videos = new Map((await this.videos.findBy({ id: In(ids) })).map((video) => [video.id, video]));
    const channelIds = [...new Set([...videos.values()].map((video) => video.channelId))];
    const channels = new Map((await this.channels.findBy({ id: In(channelIds) })).map((channel) => [channel.id, channel]));
    return ids.flatMap((id) => {
      const video = videos.get(id);
      return video ? [{ video, channel: channels.get(video.channelId) ?? null }] : [];
    });
  }

  /**
   * A pseudo-random listed video for the debug topic: the first at or after a random id, wrapping
   * around. Two primary-key range reads, unlike `ORDER BY random()`, which reads the whole table.
   */
  async randomVideoId(): Promise<string | null> {
    const start = Array.from({ length: 11 }, () => VIDEO_ID_ALPHABET[randomInt(VIDEO_ID_ALPHABET.length)]).join('');
    const rows: { id: string }[] = await this.videos.query(
      `(SELECT v.id FROM videos v WHERE v.id >= $1 AND ${LISTABLE} ORDER BY v.id LIMIT 1)
       UNION ALL
       (SELECT v.id FROM videos v WHERE ${LISTABLE} ORDER BY v.id LIMIT 1)
       LIMIT 1`,
      [start],
    );
    return rows[0]?.id ?? null;
  }
}
