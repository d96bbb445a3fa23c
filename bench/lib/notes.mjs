// The written part of docs/benchmarks.md: what was changed after the first runs, and where the time goes in
// each scenario (from the profiles and plans of the runs that built this harness). Only the notes of
// scenarios that missed in this run are printed.

export const CHANGES = [
  '**Verified credentials are cached** (`src/identity/auth/verified-cache.ts`, used by `CredentialResolver`): a JWT or Invidious token whose signature checked out is remembered by its exact text (bounded, 20,000 each), so a request with a known credential costs a map lookup instead of passport + jsonwebtoken (or a JSON parse + HMAC). Expiry is still checked on every request, and so is the session (the in-process session cache that Redis pub/sub keeps current), so a revocation takes effect at once.',
  "**Preferences are read with one plain statement** (`PreferencesService.get`): the repository's `findOneBy` spent more CPU in TypeORM's query builder than the round trip took. The feed and history read preferences too.",
  '**The feed reads the heap for the page only** (`src/invidious/feed/feed-query.ts`, new partial index `videos_channel_listable_idx (channel_id, published DESC NULLS LAST, id DESC) WHERE NOT missing_upstream AND title IS NOT NULL`): each subscribed channel is now an index-only scan of keys, the merge and paging run on keys, and only the 40 rows of the page are fetched. Over the 1M-video catalog this cut the statement from ~33 / 52 ms to ~8.5 / 17 ms (pages 1 / 50, warm, one client); with videos stored in upload order (channels interleaved) from ~300 / 490 ms to ~21 / 96 ms.',
  '**Channel and catalog-playlist search use GIN indexes** (`channels_search_idx`, `upstream_playlists_search_idx` on exactly the documents `SearchRepository` builds): every `simple` search vectorised all 10,000 channels (~60 ms per search); now ~1 ms.',
  "**The feed is fanned out on write** (`feed_timeline`, `src/catalog/timeline/`, docs/feed-query.md): a page reads one range of the user's timeline instead of merging one index scan per subscribed channel; the bench data fills the timeline with one `INSERT … SELECT` over subscriptions × listable videos.",
  "**Refresh requests look up existing jobs in one pipelined round trip** (`RefreshQueue.enqueue`): `EXISTS` for every item's job key in one pipeline, and `getJob` only for the items that have a job (usually none), instead of one `getJob` (a hash read and a Job object) per item.",
  'The migration is `src/platform/database/migrations/1764081100000-performance-indexes.ts` (plain `CREATE INDEX`: on an existing large catalog it holds writes to `videos` for the few seconds the build takes).',
];

export const NOTES = {
  ping:
    "Where a ping's CPU goes (inclusive, `--cpu-prof`): the response's `writev` syscall ~30% (the baseline pays it too: on this VM a loopback write costs ~10 µs); " +
    '`@fastify/helmet` ~10%: it builds a new helmet middleware on every request (`buildHelmetOnRoutes` → `helmet(configuration)`, which re-parses the CSP directives each time); ' +
    "the global `AuditContextInterceptor` ~7% (an rxjs pipeline per request); nestjs-pino's per-request middleware (`@fastify/middie` + AsyncLocalStorage, whose promise hooks tax every promise) ~10%; " +
    "Nest's router, guard and scope check ~5%; the CORS hooks and the request-log/metrics `onResponse` hooks. JWT verification no longer shows (cached). " +
    "Not changed here (other modules, and helmet would need `helmet` as a direct dependency): building `helmet(SECURITY_HEADERS)` once and applying it in one `onRequest` hook would remove most of helmet's share; " +
    "skipping the interceptor's rxjs pipeline for safe methods, and nestjs-pino's `useExisting` with Fastify's own request logger, the next shares. " +
    'The payload-matched baseline does almost nothing but that one syscall, so the full per-request stack above is what separates the two.',
  preferences:
    'The same per-request stack as ping (helmet, interceptor, logging middleware, guard), plus one Postgres round trip: `writev` to Postgres and to the client is the largest single cost. ' +
    'The pg baseline has neither the stack nor the 35-key response.',
  'feed-1':
    "A page is one range of the user's `feed_timeline` index (filled on write: docs/feed-query.md), 40 keys, then 40 rows by primary key: the number of subscriptions no longer enters the cost. " +
    'One client sees the service time (the "1 conn" column); with 50 connections on two shared cores the rest of p99 is queueing.',
  'feed-50':
    'As page 1, after the OFFSET walks 1,960 keys of the same index (index-only): the only part that grows with the page number. Clients page by number, so a keyset cursor cannot be used.',
  'search-common':
    'Postgres-bound: the word matches ~11% of the catalog (~110,000 videos) and every match is ranked with `ts_rank` before the 30 best are kept (see the plan: the bitmap heap scan and rank of all matches is nearly all of it). ' +
    'An exact ranked top-30 cannot stop early with a GIN index; it needs ranking data in the index (the RUM extension) or an accepted approximation (e.g. rank only the newest N matches, or title matches first). ' +
    "That is a change of the search's results, so it is left to the search module's owner. With ten such statements running at once (the pool) the machine is saturated, " +
    'so most of the 50 connections wait for a pool connection, some longer than its 5 s timeout (the 503s).',
  'search-rare':
    'Each `simple` search is up to six statements (videos, channels and catalog playlists, then loading the hits); with the channel index the statements are each well under a millisecond, ' +
    'so the cost is the round trips, the per-request stack and the ~1.5 KB TubeArchivist object per hit. Under 50 connections on two shared cores p99 is queueing.',
  'search-phrase':
    'A quoted phrase is a GIN lookup of both words then a positional recheck and rank of every row containing both (~5,000 here), ~10 ms per search in Postgres; the rest is as for the rare word.',
  playlist:
    'CPU-bound in the API process: the answer is ~120 KB of JSON (100 entries, each with nine thumbnails): mapping, `JSON.stringify` and GC dominate the profile. ' +
    'A Fastify response schema (fast-json-stringify) for this route, or caching the mapped entries of a playlist, would be the next step; not done here because the route answers two different playlist shapes.',
  notifications:
    'One event costs one catalog read, then a synchronous loop over the streams (cheap in itself: it does not show in the profile); Node corks every socket until the next tick, ' +
    'so no client gets anything before the loop has finished (the "first" column), then one `writev` syscall per stream follows (~10-15 µs each on this VM: 10,000 of them are most of the time), ' +
    'while the clients, on the same two cores, need as many reads. One syscall per client is the floor for a stream per connection; ' +
    'spreading the streams over several API processes (ROLE=api replicas behind a load balancer) divides it.',
  growth:
    'Measured from one connection, so the growth is service time, not queueing: a statement whose work is bounded by the page (an index walk that stops after the page) stays flat, ' +
    'one that reads or ranks every match (or every key of the subscribed channels) grows with the catalog; the query plans below show which.',
  drf: "TubeArchivist's stack could not be measured in this run (see the reason): its ratio target counts as missed until it is.",
  refresh:
    'The request body is validated, each id looked up in Bull (one round trip per id, pipelined), then the new jobs are added with one `addBulk` per request.',
};
