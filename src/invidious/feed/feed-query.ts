import type { MappableVideo } from '../catalog/video-mapper.js';

/**
 * The subscription feed's SQL (docs/dialects/invidious.md#feed steps 2 and 3), built here so the statements are
 * in one place, unit-tested and documented with their plans in docs/feed-query.md.
 *
 * A page reads the user's feed timeline (`feed_timeline`, filled on write by the catalog core:
 * src/catalog/timeline/): one range of `feed_timeline_user_published_idx` in the feed's order,
 * then the page's rows from `videos` by primary key. Its cost does not depend on the number of
 * subscriptions, only on the offset the index walk skips.
 */

/** Every column the one video mapper reads, aliased to its field names. */
const VIDEO_COLUMNS = `v.id, v.channel_id AS "channelId", v.channel_name AS "channelName", v.title, v.description, v.published,
       v.length_seconds AS "lengthSeconds", v.view_count AS "viewCount", v.like_count AS "likeCount", v.thumbnails, v.genre,
       v.live_now AS "liveNow", v.is_upcoming AS "isUpcoming", v.premiere_at AS "premiereAt"`;

/** As the catalog's lists: videos still upstream that have at least a title (not bare stubs). */
export const LISTABLE = 'NOT v.missing_upstream AND v.title IS NOT NULL';

export interface FeedQueryOptions {
  userId: number;
  /** `unseen_only`: the user's watched videos are skipped inside each channel's scan, before picking or paging. */
  unseenOnly: boolean;
  /** Rows taken from each channel: 1 for `latest_only`, `offset + limit` for a page. */
  perChannel: number;
  /** null: every merged row (`latest_only`, one per channel). */
  limit: number | null;
  offset: number;
}

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface TimelinePageOptions {
  userId: number;
  /** `unseen_only`: the user's watched videos are skipped in the index walk, before paging. */
  unseenOnly: boolean;
  limit: number;
  offset: number;
}

/** A page of the feed: the user's timeline rows in the feed's order, then those rows' videos. */
export function timelinePageQuery({ userId, unseenOnly, limit, offset }: TimelinePageOptions): SqlStatement {
  const unseen = unseenOnly ? 'AND NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = t.user_id AND w.video_id = t.video_id)' : '';
  const sql = `SELECT ${VIDEO_COLUMNS}
FROM (
SELECT t.video_id, t.published
FROM feed_timeline t
WHERE t.user_id = $1 ${unseen}
ORDER BY t.published DESC NULLS LAST, t.video_id DESC
LIMIT $2 OFFSET $3
) page
JOIN videos v ON v.id = page.video_id
ORDER BY page.published DESC NULLS LAST, page.video_id DESC`;
  return { sql, params: [userId, limit, offset] };
}

/**
 * Each subscribed channel's newest listable video (`latest_only`), straight from `videos`: one
 * bounded index-only scan per channel of `videos_channel_listable_idx` `(channel_id, published DESC
 * NULLS LAST, id DESC) WHERE <listable>`, taking at most `perChannel` keys, merged by one sort; only
 * the result's rows are then read from `videos`. (With `limit`, a page of the merged lists: the
 * statement pages were read with before the timeline.)
 */
export function subscriptionFeedQuery({ userId, unseenOnly, perChannel, limit, offset }: FeedQueryOptions): SqlStatement {
  const unseen = unseenOnly ? 'AND NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = s.user_id AND w.video_id = v.id)' : '';
  const page = limit === null ? '' : 'LIMIT $3 OFFSET $4';
  const sql = `SELECT ${VIDEO_COLUMNS}
FROM (
SELECT f.id, f.published
FROM subscriptions s
CROSS JOIN LATERAL (
  SELECT v.id, v.published
  FROM videos v
  WHERE v.channel_id = s.channel_id AND ${LISTABLE} ${unseen}
  ORDER BY v.published DESC NULLS LAST, v.id DESC
  LIMIT $2
) f
WHERE s.user_id = $1
ORDER BY f.published DESC NULLS LAST, f.id DESC
${page}
) page
JOIN videos v ON v.id = page.id
ORDER BY page.published DESC NULLS LAST, page.id DESC`;
  return { sql, params: limit === null ? [userId, perChannel] : [userId, perChannel, limit, offset] };
}

/** The user's notification list joined to the catalog, newest published first (feed step 1). */
export function notifiedVideosQuery(userId: number): SqlStatement {
  return {
    sql: `SELECT ${VIDEO_COLUMNS}
FROM feed_notifications n
JOIN videos v ON v.id = n.video_id
WHERE n.user_id = $1 AND ${LISTABLE}
ORDER BY v.published DESC NULLS LAST, v.id DESC`,
    params: [userId],
  };
}

/** A row of the statements above. node-pg reads int8 as a string; counts fit a double exactly. */
export type VideoRow = Omit<MappableVideo, 'viewCount' | 'likeCount'> & { viewCount: string | null; likeCount: string | null };

export function toMappableVideo(row: VideoRow): MappableVideo {
  return {
    ...row,
    viewCount: row.viewCount === null ? null : Number(row.viewCount),
    likeCount: row.likeCount === null ? null : Number(row.likeCount),
  };
}
