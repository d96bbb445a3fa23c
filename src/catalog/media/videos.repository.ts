import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Thumbnail, VideoRecord } from './catalog-records.js';
import type { ChannelVideosCursor } from './channel-videos-cursor.js';
import { CHANNEL_COLUMNS, type ChannelColumns } from './channels.repository.js';
import { jsonList, iso, keepingStoredValues } from './sql-values.js';
import { VideoEntity } from './video.entity.js';
import { ByIdRepository } from './by-id.repository.js';

/** Lists show videos that are still upstream and have at least a title (not bare stubs). */
const LISTABLE = 'v.missingUpstream = false AND v.title IS NOT NULL';
/** `LISTABLE` in plain SQL, for the statements written by hand. */
const LISTABLE_SQL = 'v.missing_upstream = false AND v.title IS NOT NULL';

/** A video with its channel and the caller's own state (watched; subscribed in the channel columns). */
export interface VideoWithUserStateRow extends ChannelColumns {
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

/** What the feed timeline keeps of a video (docs/feed-query.md): a change of any of these is fanned out. */
export interface TimelineState {
  channelId: string;
  published: Date | null;
  listable: boolean;
}

/** A video's values before an upsert, locked until the transaction ends. */
export interface PreviousVideo extends TimelineState {
  id: string;
  title: string | null;
  description: string | null;
  has_published: boolean;
}

/** An upserted video; `created`: the row is new. */
export interface UpsertedVideo extends TimelineState {
  id: string;
  title: string | null;
  description: string | null;
  created: boolean;
}

/** Every statement about `videos`. */
@Injectable()
export class VideosRepository extends ByIdRepository<VideoEntity> {
  constructor(@InjectRepository(VideoEntity) private readonly videos: Repository<VideoEntity>) {
    super(videos);
  }

  /** Those of `ids` the catalog holds (one index lookup per id, in one statement). */
  async knownIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.videos.query('SELECT id FROM videos WHERE id = ANY($1::text[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** A video's thumbnails; null when the catalog does not hold it. */
  async thumbnails(id: string): Promise<Thumbnail[] | null> {
    const [row]: { thumbnails: Thumbnail[] | null }[] = await this.videos.query('SELECT thumbnails FROM videos WHERE id = $1', [id]);
    return row?.thumbnails ?? null;
  }

  /**
   * Up to `take` listed videos of a channel in `(column NULLS LAST, id)` order, strictly after
   * `cursor` when given.
   */
  channelPage(
    channelId: string,
    column: 'published' | 'viewCount',
    direction: 'ASC' | 'DESC',
    cursor: ChannelVideosCursor | null,
    take: number,
  ): Promise<VideoEntity[]> {
    const query = this.videos.createQueryBuilder('v').where('v.channelId = :channelId', { channelId }).andWhere(LISTABLE);
    if (cursor) this.after(query, column, direction, cursor);
    return query.orderBy(`v.${column}`, direction, 'NULLS LAST').addOrderBy('v.id', direction).limit(take).getMany();
  }

  /** Keyset condition: rows strictly after the cursor row in `(column NULLS LAST, id)` order. */
  private after(query: SelectQueryBuilder<VideoEntity>, column: string, direction: 'ASC' | 'DESC', cursor: ChannelVideosCursor): void {
    const beyond = direction === 'DESC' ? '<' : '>';
    query.andWhere(
      new Brackets((q) => {
        if (cursor.key === null) {
          q.where(`v.${column} IS NULL AND v.id ${beyond} :cursorId`);
        } else {
          q.where(`v.${column} ${beyond} :cursorKey`).orWhere(`v.${column} = :cursorKey AND v.id ${beyond} :cursorId`).orWhere(`v.${column} IS NULL`);
        }
      }),
      { cursorKey: cursor.key, cursorId: cursor.id },
    );
  }

  /** Listed videos published since `since`, most viewed first. */
  mostViewedSince(since: Date, limit: number): Promise<VideoEntity[]> {
    return this.videos
      .createQueryBuilder('v')
      .where(LISTABLE)
      .andWhere('v.published >= :since', { since })
      .orderBy('v.viewCount', 'DESC', 'NULLS LAST')
      .addOrderBy('v.published', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Listed videos published before `since` (or at an unknown date), newest first. */
  newestBefore(since: Date, limit: number): Promise<VideoEntity[]> {
    return this.videos
      .createQueryBuilder('v')
      .where(LISTABLE)
      .andWhere(new Brackets((q) => q.where('v.published < :since', { since }).orWhere('v.published IS NULL')))
      .orderBy('v.published', 'DESC', 'NULLS LAST')
      .addOrderBy('v.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /**
   * Per channel its `perChannel` newest listed videos published after `since` (one index range
   * per channel), all of them oldest first by (published, id). Ids only.
   */
  async newestIdsSince(channelIds: string[], since: Date, perChannel: number): Promise<string[]> {
    const rows: { id: string }[] = await this.videos.query(
      `SELECT r.id FROM unnest($1::text[]) AS t(channel_id)
       CROSS JOIN LATERAL (
         SELECT v.id, v.published FROM videos v
          WHERE v.channel_id = t.channel_id AND v.published > $2 AND ${LISTABLE_SQL}
          ORDER BY v.published DESC NULLS LAST, v.id DESC
          LIMIT $3
       ) r
       ORDER BY r.published, r.id`,
      [channelIds, since, perChannel],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The first listed video at or after `start` in id order, wrapping around. Two primary-key
   * range reads, unlike `ORDER BY random()`, which reads the whole table.
   */
  async firstListedIdFrom(start: string): Promise<string | null> {
    const rows: { id: string }[] = await this.videos.query(
      `(SELECT v.id FROM videos v WHERE v.id >= $1 AND ${LISTABLE_SQL} ORDER BY v.id LIMIT 1)
       UNION ALL
       (SELECT v.id FROM videos v WHERE ${LISTABLE_SQL} ORDER BY v.id LIMIT 1)
       LIMIT 1`,
      [start],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * The videos among `ids` with their channel, the catalog playlists they are in, and the
   * caller's watched date and subscription; one statement whatever the number of ids.
   */
  withUserState(ids: string[], userId: number): Promise<VideoWithUserStateRow[]> {
    return this.videos.query(
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
  }

  /** Inside the caller's transaction: the channel of a stored video; null when the catalog does not hold it. */
  async channelOf(manager: EntityManager, id: string): Promise<string | null> {
    const [row]: { channel_id: string }[] = await manager.query('SELECT channel_id FROM videos WHERE id = $1', [id]);
    return row?.channel_id ?? null;
  }

  /** Inside the caller's transaction. The upstream answered 404: flags the stored video; false when the catalog never had it. */
  async markMissing(manager: EntityManager, id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(`UPDATE videos SET missing_upstream = true, last_refreshed_at = now() WHERE id = $1`, [id]);
    return affected > 0;
  }

  /**
   * Inside the caller's transaction: the previous values of the stored ones among `ids` (in id
   * order), locked until commit, so that concurrent refreshes of one video agree on what changed.
   */
  lockPrevious(manager: EntityManager, ids: string[]): Promise<PreviousVideo[]> {
    return manager.query(
      `SELECT id, title, description, published IS NOT NULL AS has_published,
              channel_id AS "channelId", published, ${LISTABLE_SQL} AS listable
       FROM videos v WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /**
   * Inside the caller's transaction, `videos` in id order (a stable lock order), their channels
   * already stored; `published` holds each video's date as it is to be written. A null never
   * replaces a stored value.
   */
  upsert(manager: EntityManager, videos: VideoRecord[], published: (string | null)[]): Promise<UpsertedVideo[]> {
    return manager.query(
      `INSERT INTO videos AS v (id, channel_id, channel_name, title, description, published, length_seconds, view_count, like_count,
                                thumbnails, genre, live_now, is_upcoming, premiere_at, last_refreshed_at, missing_upstream)
       SELECT i.id, i.channel_id, c.name, i.title, i.description, i.published::timestamptz, i.length_seconds, i.view_count, i.like_count,
              i.thumbnails::jsonb, i.genre, i.live_now, i.is_upcoming, i.premiere_at::timestamptz, now(), false
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bigint[], $8::bigint[],
                   $9::text[], $10::text[], $11::boolean[], $12::boolean[], $13::text[])
         AS i(id, channel_id, title, description, published, length_seconds, view_count, like_count, thumbnails, genre, live_now, is_upcoming, premiere_at)
       JOIN channels c ON c.id = i.channel_id
       ORDER BY i.id
       ON CONFLICT (id) DO UPDATE SET
         channel_id = EXCLUDED.channel_id,
         channel_name = EXCLUDED.channel_name,
         ${keepingStoredValues('v', ['title', 'description', 'published', 'length_seconds', 'view_count', 'like_count', 'thumbnails', 'genre', 'live_now', 'is_upcoming', 'premiere_at'])},
         last_refreshed_at = EXCLUDED.last_refreshed_at,
         missing_upstream = false
       -- xmax is 0 only on a freshly inserted row version.
       RETURNING v.id, v.channel_id AS "channelId", v.title, v.description, (v.xmax = 0) AS created, v.published, ${LISTABLE_SQL} AS listable`,
      [
        videos.map((v) => v.id),
        videos.map((v) => v.channelId),
        videos.map((v) => v.title),
        videos.map((v) => v.description),
        published,
        videos.map((v) => v.lengthSeconds),
        videos.map((v) => v.viewCount),
        videos.map((v) => v.likeCount),
        videos.map((v) => jsonList(v.thumbnails)),
        videos.map((v) => v.genre),
        videos.map((v) => v.liveNow),
        videos.map((v) => v.isUpcoming),
        videos.map((v) => iso(v.premiereAt)),
      ],
    );
  }
}
