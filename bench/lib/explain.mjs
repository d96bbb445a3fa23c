// `EXPLAIN (ANALYZE, BUFFERS)` of the statements tubevault runs for the feed and the search, over
// the generated data. The SQL is not copied here: it is captured from the app's own services (from
// dist/) by handing them a data source that records what they would send.
import pg from 'pg';

const dist = (path) => new URL(`../../dist/src/${path}`, import.meta.url).href;

/** A stand-in DataSource that records every statement and answers with no rows. */
function recorder() {
  const statements = [];
  return {
    statements,
    query: async (sql, params = []) => {
      statements.push({ sql, params });
      return [];
    },
  };
}

async function explain(databaseUrl, statements) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const out = [];
    for (const { title, sql, params } of statements) {
      await client.query(sql, params); // warm, as under load
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      out.push({ title, sql, params, plan: rows.map((row) => row['QUERY PLAN']).join('\n') });
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The feed statement of `GET /api/v1/auth/feed?max_results=40&page=N` for the bench user, default preferences. */
export async function explainFeed(databaseUrl, userId, pages) {
  const { FeedService } = await import(dist('invidious/feed/feed.service.js'));
  const { FeedRepository } = await import(dist('invidious/feed/feed.repository.js'));
  const { resolvePreferences } = await import(dist('invidious/preferences/preferences-schema.js'));
  const statements = [];
  for (const page of pages) {
    const ds = recorder();
    const preferences = { get: async () => resolvePreferences({}, {}) };
    const notifications = { notifiedAmong: async () => new Set(), markRead: async () => undefined, notifiedVideos: async () => [] };
    const feed = new FeedService(new FeedRepository(ds), preferences, notifications);
    await feed.getFeed(userId, { max_results: '40', page: String(page) });
    ds.statements.forEach((statement, i) =>
      statements.push({
        title: `feed, max_results=40, page ${page}${ds.statements.length > 1 ? ` (statement ${i + 1} of ${ds.statements.length})` : ''}`,
        ...statement,
      }),
    );
  }
  return explain(databaseUrl, statements);
}

/**
 * The video search of each term (a `simple` query also searches channels: shown for the common word),
 * on the ranking path the database offers (docs/search.md). The path check and the term's tsquery
 * run against the database; the searches are recorded.
 */
export async function explainSearch(databaseUrl, userId, terms) {
  const { SearchRepository } = await import(dist('catalog/search/search.repository.js'));
  const { parseSearchQuery, planTerm } = await import(dist('catalog/search/search-query.js'));
  const { MAX_RESULTS } = await import(dist('catalog/search/search-hits.js'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const statements = [];
  try {
    let ds = { query: async (sql, params = []) => (await client.query(sql, params)).rows };
    const repository = new SearchRepository({ query: (sql, params) => ds.query(sql, params) });
    await repository.onModuleInit();
    for (const [kind, query] of Object.entries(terms)) {
      const live = ds;
      const { term } = await repository.compile({ term: planTerm(parseSearchQuery(query).term) });
      const recording = recorder();
      ds = recording;
      await repository.videos({ term, channel: null, active: null }, MAX_RESULTS);
      if (kind === 'common') await repository.channels({ term, active: null, subscribed: null, userId }, MAX_RESULTS);
      ds = live;
      const names = ['videos', 'channels'];
      recording.statements.forEach((statement, i) => statements.push({ title: `search ${query} (${kind}): ${names[i]}`, ...statement }));
    }
  } finally {
    await client.end();
  }
  return explain(databaseUrl, statements);
}
