// Creates the bench database afresh, applies tubevault's migrations (from dist/) and fills it with
// set-based SQL: every table is one `INSERT … SELECT … FROM generate_series` (no row-by-row inserts).
// Ids and texts are derived from the row number by hashing, so a run is reproducible and any row's
// id can be recomputed (bench_video_id(n), bench_channel_id(n)).
import pg from 'pg';
import { PASSWORD } from './config.mjs';

const dist = (path) => new URL(`../../dist/src/${path}`, import.meta.url).href;

/** Words the search scenarios look for; the generated vocabulary cannot produce them. */
export const SEARCH_TERMS = {
  common: 'music', // ~10% of titles, plus the channel names of 1% of channels
  rare: 'zephyrine', // 1 video in 10,000
  phrase: '"live concert"', // adjacent in 0.5% of titles; each word alone in 2-3% more
};

export function databaseUrl(config, database = config.database) {
  const url = new URL(config.pgUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** DROP … WITH (FORCE) then CREATE: a fresh database every run. */
export async function recreateDatabase(config) {
  const admin = new pg.Client({ connectionString: databaseUrl(config, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(config.database)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${ident(config.database)}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(config) {
  const admin = new pg.Client({ connectionString: databaseUrl(config, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(config.database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function ident(name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  return name;
}

/** tubevault's own migration runner, as `node dist/src/cli.js migration:run` uses it. */
export async function migrate(config) {
  const { openDataSource, runMigrations } = await import(dist('platform/database/data-source.js'));
  const dataSource = await openDataSource(databaseUrl(config), 1);
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const HELPERS = `
CREATE FUNCTION bench_video_id(n bigint) RETURNS text IMMUTABLE LANGUAGE sql
  AS $$ SELECT translate(substr(encode(decode(md5('v' || n), 'hex'), 'base64'), 1, 11), '+/', '-_') $$;
CREATE FUNCTION bench_channel_id(n bigint) RETURNS text IMMUTABLE LANGUAGE sql
  AS $$ SELECT 'UC' || translate(substr(encode(decode(md5('c' || n), 'hex'), 'base64'), 1, 22), '+/', '-_') $$;
CREATE FUNCTION bench_channel_name(n bigint) RETURNS text IMMUTABLE LANGUAGE sql
  AS $$ SELECT 'Creator ' || n || CASE WHEN n % 100 = 42 THEN ' Music' ELSE '' END $$;
-- A uniform number in [0, 1) from a seed.
CREATE FUNCTION bench_unit(seed bigint) RETURNS float8 IMMUTABLE LANGUAGE sql
  AS $$ SELECT (hashint8(seed) & 2147483647)::float8 / 2147483648 $$;
-- 8,000 pseudo-words of three syllables; none is or starts with a search term.
CREATE TABLE bench_words (k int PRIMARY KEY, w text NOT NULL);
INSERT INTO bench_words
  SELECT k, s[1 + k % 20] || s[1 + (k / 20) % 20] || s[1 + (k / 400) % 20]
  FROM generate_series(0, 7999) k,
       (SELECT ARRAY['ka','lo','mi','ne','ru','ta','shi','vo','pe','da','gu','ri','so','ze','ba','nu','fe','ho','ji','wa'] AS s) syllables;
-- Word choice is skewed (u^2): a few words are frequent, most are rare, as in real titles.
CREATE TABLE bench_titles (n int PRIMARY KEY, t text NOT NULL);
INSERT INTO bench_titles
  SELECT n, (SELECT string_agg(w.w, ' ' ORDER BY j) FROM generate_series(0, 4) j
             JOIN bench_words w ON w.k = floor(8000 * power(bench_unit(n::bigint * 16 + j), 2))::int)
  FROM generate_series(0, 99999) n;
CREATE TABLE bench_descs (n int PRIMARY KEY, d text NOT NULL);
INSERT INTO bench_descs
  SELECT n, (SELECT string_agg(w.w, ' ' ORDER BY j) FROM generate_series(0, 13) j
             JOIN bench_words w ON w.k = floor(8000 * power(bench_unit(n::bigint * 32 + 1000000000 + j), 2))::int)
  FROM generate_series(0, 19999) n;
`;

const DROP_HELPERS = `
DROP TABLE bench_words, bench_titles, bench_descs;
DROP FUNCTION bench_video_id(bigint), bench_channel_id(bigint), bench_channel_name(bigint), bench_unit(bigint);
`;

/**
 * Seeds the migrated database with `videos` videos (the first growth step; growVideos adds the
 * rest). The helpers stay until finishSeed. Returns what the scenarios need: the bench user's id, a playlist id,
 * the notification channel and one of its videos, and ids to refresh.
 */
export async function seed(config, log, timings, videos = config.videos) {
  const { hashPassword } = await import(dist('identity/users/passwords.js'));
  const passwordHash = await hashPassword(PASSWORD);
  const client = await connect(config);
  const step = stepper(client, log, timings);
  try {
    await step('helpers', HELPERS);
    const C = config.channels;
    const V = videos;
    await step(
      `channels (${C})`,
      `INSERT INTO channels (id, name, description, subscriber_count, total_views, joined, created_at, last_refreshed_at)
       SELECT bench_channel_id(c), bench_channel_name(c), d.d, (hashint8(c) & 1048575) * 10, (hashint8(c + 7) & 268435455),
              now() - make_interval(days => 365 + (c % 3000)), now() - interval '400 days', now() - interval '1 hour'
       FROM generate_series(1, $1::int) c JOIN bench_descs d ON d.n = (c * 37) % 20000`,
      [C],
    );

    await addVideos(client, step, config, 1, V);

    await step(
      `users (${config.users})`,
      // bench<N> is its own username key (ASCII, lower case: see src/identity/users/username.ts).
      `INSERT INTO users (username, username_key, password_hash, is_admin, created_at)
       SELECT 'bench' || u, 'bench' || u, $2, u = 1, now() - interval '1 year' FROM generate_series(1, $1::int) u ORDER BY u`,
      [config.users, passwordHash],
    );
    const {
      rows: [benchUser],
    } = await client.query(`SELECT id FROM users WHERE username = 'bench1'`);
    const stride = Math.max(1, Math.floor(C / config.subscriptions));
    await step(
      `subscriptions (${config.subscriptions} of the bench user, ${config.otherUserSubscriptions} of each other user)`,
      `INSERT INTO subscriptions (user_id, channel_id, created_at)
       SELECT $1, bench_channel_id(1 + k * $2), now() - interval '2 years' FROM generate_series(0, $3::int - 1) k
       UNION ALL
       SELECT u.id, bench_channel_id(1 + (u.id * 37 + k * 101) % $4), now() - interval '2 years'
       FROM users u CROSS JOIN generate_series(0, $5::int - 1) k WHERE u.id <> $1
       ON CONFLICT DO NOTHING`,
      [benchUser.id, stride, config.subscriptions, C, config.otherUserSubscriptions],
    );
    await step('preferences', `INSERT INTO preferences (user_id, data) SELECT id, '{"quality":"hd720","region":"DE","locale":"de"}'::jsonb FROM users`);
    await step(
      `playlists (${config.playlists} × ${config.playlistVideos})`,
      `WITH p AS (
         INSERT INTO playlists (id, user_id, title, description, privacy)
         SELECT 'IVPL' || substr(md5('pl' || p), 1, 31), $1, 'Bench playlist ' || p, 'Seeded by bench/', 'private'
         FROM generate_series(1, $2::int) p
         RETURNING id)
       SELECT count(*) FROM p`,
      [benchUser.id, config.playlists],
    );
    await step(
      'playlist_videos',
      `INSERT INTO playlist_videos (playlist_id, index_id, position, video_id)
       SELECT 'IVPL' || substr(md5('pl' || p), 1, 31), (p::bigint * 100000 + pos) * 7919 + 13, pos,
              bench_video_id(1 + ((p::bigint * $3 + pos) * 1999) % $4)
       FROM generate_series(1, $1::int) p CROSS JOIN generate_series(0, $2::int - 1) pos`,
      [config.playlists, config.playlistVideos, config.playlistVideos, V],
    );

    // What the scenarios need, read back rather than recomputed in JS.
    const {
      rows: [playlist],
    } = await client.query(`SELECT 'IVPL' || substr(md5('pl' || 1), 1, 31) AS id`);
    const {
      rows: [{ channel_id: notifyChannel }],
    } = await client.query(`SELECT bench_channel_id(1 + 1 * $1) AS channel_id`, [stride]);
    const {
      rows: [notifyVideo],
    } = await client.query(`SELECT id FROM videos WHERE channel_id = $1 ORDER BY published DESC LIMIT 1`, [notifyChannel]);
    const refreshCount = config.refreshRequests * config.refreshIdsPerRequest;
    const { rows: refreshRows } = await client.query(`SELECT bench_video_id(i) AS id FROM generate_series(1, $1::int) i`, [refreshCount]);
    const {
      rows: [subscribed],
    } = await client.query(`SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1`, [benchUser.id]);

    await afterVideosAdded(client, step, { from: 1, to: V });
    await step('vacuum analyze', 'VACUUM (ANALYZE)');
    return {
      benchUserId: benchUser.id,
      benchUsername: 'bench1',
      subscriptions: subscribed.n,
      playlistId: playlist.id,
      notifyChannel,
      notifyVideo: notifyVideo.id,
      refreshIds: refreshRows.map((row) => row.id),
    };
  } finally {
    await client.end();
  }
}

async function connect(config) {
  const client = new pg.Client({ connectionString: databaseUrl(config) });
  await client.connect();
  await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'`);
  return client;
}

/** Runs one timed seeding statement and logs it. */
function stepper(client, log, timings) {
  return async (name, sql, params) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    timings.push({ name, ms: Date.now() - started, rows: result.rowCount ?? undefined });
    log(`  seed: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  };
}

/**
 * Videos `from`..`to`, as one refresh round that brings every channel new uploads: the range is
 * split over all channels and written channel by channel (so a channel's videos of one round share
 * heap pages); published dates are random within each channel.
 */
async function addVideos(client, step, config, from, to) {
  const C = config.channels;
  // Secondary indexes of videos are dropped for the bulk insert and rebuilt from their own
  // definitions (as the migrations wrote them): building them once is far cheaper than maintaining them row by row.
  const { rows: indexes } = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'videos' AND indexname <> 'videos_pkey' ORDER BY indexname`,
  );
  for (const { indexname } of indexes) await client.query(`DROP INDEX ${indexname}`);
  const chunk = 250_000;
  for (let first = from; first <= to; first += chunk) {
    const last = Math.min(to, first + chunk - 1);
    await step(
      `videos ${first}-${last}`,
      `INSERT INTO videos (id, channel_id, channel_name, title, description, published, length_seconds, view_count, like_count,
                           genre, live_now, is_upcoming, created_at, last_refreshed_at)
       SELECT bench_video_id(i), bench_channel_id(1 + (i - $5) * $3 / $4), bench_channel_name(1 + (i - $5) * $3 / $4),
              concat_ws(' ', t.t,
                CASE WHEN i % 10 = 0 THEN 'music' END,
                CASE WHEN i % 200 = 7 THEN 'live concert' END,
                CASE WHEN i % 40 = 5 THEN 'live' END,
                CASE WHEN i % 60 = 11 THEN 'concert' END,
                CASE WHEN i % 10000 = 1234 THEN 'zephyrine' END),
              d.d,
              now() - make_interval(secs => (hashint8(i) & 2147483647) % (5 * 365 * 86400)),
              30 + (hashint8(i + 1) & 4095), (hashint8(i + 2) & 16777215), (hashint8(i + 3) & 65535),
              'Music', false, false, now() - interval '30 days', now() - interval '1 day'
       FROM generate_series($1::bigint, $2::bigint) i
       JOIN bench_titles t ON t.n = (i * 7919) % 100000
       JOIN bench_descs d ON d.n = (i * 104729) % 20000`,
      [first, last, C, to - from + 1, from],
    );
  }
  for (const { indexname, indexdef } of indexes) await step(`index ${indexname}`, indexdef);
}

/**
 * Fills what is derived from the videos just added (`from`..`to`, with every subscription, user and
 * playlist in place). Called after the first seeding and after each growth step, so a table kept by
 * the app from new videos grows with the catalog: the feed timeline (docs/feed-query.md), one row per
 * subscriber of each new listable video, as the app's fan-out on write adds them. Its secondary
 * indexes are dropped and rebuilt around the bulk insert, as for videos.
 */
async function afterVideosAdded(client, step, { from, to }) {
  const { rows: timelineIndexes } = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'feed_timeline' AND indexname <> 'feed_timeline_pkey' ORDER BY indexname`,
  );
  for (const { indexname } of timelineIndexes) await client.query(`DROP INDEX ${indexname}`);
  await step(
    `feed_timeline (subscribers × listable videos ${from}..${to})`,
    `INSERT INTO feed_timeline (user_id, channel_id, video_id, published)
     SELECT s.user_id, s.channel_id, v.id, v.published
     FROM generate_series($1::int, $2::int) n
     JOIN videos v ON v.id = bench_video_id(n) AND NOT v.missing_upstream AND v.title IS NOT NULL
     JOIN subscriptions s ON s.channel_id = v.channel_id
     ORDER BY 1, 2, 3
     ON CONFLICT DO NOTHING`,
    [from, to],
  );
  for (const { indexname, indexdef } of timelineIndexes) await step(`index ${indexname}`, indexdef);
}

/** Grows the seeded catalog to `to` videos (a growth step), then refreshes the planner's statistics. */
export async function growVideos(config, log, timings, to) {
  const client = await connect(config);
  const step = stepper(client, log, timings);
  try {
    const {
      rows: [{ n }],
    } = await client.query('SELECT count(*)::int AS n FROM videos');
    if (to <= n) return;
    await addVideos(client, step, config, n + 1, to);
    await afterVideosAdded(client, step, { from: n + 1, to });
    await step('vacuum analyze', 'VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

/** Drops the seeding helpers; returns each table's rows and size. */
export async function finishSeed(config, log, timings) {
  const client = await connect(config);
  const step = stepper(client, log, timings);
  try {
    await step('drop seed helpers', DROP_HELPERS);
    const sizes = [];
    for (const table of ['videos', 'channels', 'users', 'subscriptions', 'feed_timeline', 'playlists', 'playlist_videos', 'preferences']) {
      const {
        rows: [row],
      } = await client.query(`SELECT count(*)::int AS rows, pg_size_pretty(pg_total_relation_size('${table}')) AS size FROM ${table}`);
      sizes.push({ table, ...row });
    }
    return sizes;
  } finally {
    await client.end();
  }
}
