import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { GIN_RANKING_WINDOW } from '../src/catalog/search/search.repository.js';
import { RUM_INDEX } from '../src/platform/database/migrations/1764081200000-search-rum.js';
import { ADMIN_ENV, loginToken } from './support/auth.js';
import { channelId, insertChannels, insertVideos, videoId, type VideoRow } from './support/ta-catalog-rows.js';
import { TestWorld } from './support/test-app.js';

/**
 * The search's relevance test set (docs/search.md): the same catalog and queries through the real
 * app on both ranking paths — the RUM index (the test Postgres has the extension: `.ci/run`
 * installs it) and the GIN fallback (the same database with the extension dropped, as on a server
 * without it). Both must put the expected videos first, in the expected order.
 */

const CELLAR = channelId(1);
const GARDEN = channelId(2);
const SKY = channelId(3);
const BAND = channelId(4);

const TRIO = videoId(1); // jazz in title, channel name and description
const GUITAR = videoId(2); // jazz in the title
const PRACTICE = videoId(3); // jazz in the channel name only
const TOMATOES = videoId(4); // jazz in the description only
const STANDARDS = videoId(5); // jazz in the title; same text and date as STANDARDS_TOO
const STANDARDS_TOO = videoId(6);
const LESSONS = videoId(7); // piano in title and description, jazz in the channel name
const NIGHT = videoId(8); // jazz in the description, missing upstream
const LIVE = videoId(9); // jazz in the channel name only, newest
const ANTHEM = videoId(10); // kazoo in title and description: the best kazoo match, but old
const CHORUS_BASE = 100; // GIN_RANKING_WINDOW newer videos with kazoo in the description only

const VIDEOS: VideoRow[] = [
  { id: TRIO, channelId: CELLAR, title: 'Jazz piano live', description: 'a jazz trio', published: '2024-01-01T00:00:00Z' },
  { id: GUITAR, channelId: GARDEN, title: 'Jazz guitar', description: 'no music here', published: '2024-02-01T00:00:00Z' },
  { id: PRACTICE, channelId: CELLAR, title: 'Evening practice', description: 'scales and arpeggios', published: '2024-03-01T00:00:00Z' },
  { id: TOMATOES, channelId: GARDEN, title: 'Tomatoes', description: 'grown to smooth jazz', published: '2024-04-01T00:00:00Z' },
  { id: STANDARDS, channelId: GARDEN, title: 'Jazz standards', description: 'classic tunes', published: '2023-05-01T00:00:00Z' },
  { id: STANDARDS_TOO, channelId: GARDEN, title: 'Jazz standards', description: 'classic tunes', published: '2023-05-01T00:00:00Z' },
  { id: LESSONS, channelId: CELLAR, title: 'Piano lessons', description: 'learn the piano', published: '2022-01-01T00:00:00Z' },
  { id: NIGHT, channelId: SKY, title: 'Night sky', description: 'stars over the jazz club', published: '2021-01-01T00:00:00Z', missingUpstream: true },
  { id: LIVE, channelId: CELLAR, title: 'Live at the club', description: 'live recording', published: '2024-05-01T00:00:00Z' },
  { id: ANTHEM, channelId: BAND, title: 'Kazoo anthem', description: 'kazoo solo', published: '2001-01-01T00:00:00Z' },
  ...Array.from({ length: GIN_RANKING_WINDOW }, (_, i) => ({
    id: videoId(CHORUS_BASE + i),
    channelId: BAND,
    title: `Chorus ${i}`,
    description: 'with a kazoo',
    published: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
  })),
];

/** A query and the video ids expected first, in this order (`any order`: as a set, e.g. where the paths' scores differ). */
interface Case {
  query: string;
  top: string[];
  anyOrder?: boolean;
  why: string;
}

/** Expected on both paths. */
const CASES: Case[] = [
  {
    query: 'video:jazz',
    top: [TRIO, GUITAR, STANDARDS_TOO, STANDARDS, LIVE, PRACTICE, LESSONS, TOMATOES, NIGHT],
    why: 'title, channel name and description beat title alone, which beats channel name, which beats description; ties newest first, then by id',
  },
  { query: 'video:jazz pian', top: [TRIO, LESSONS], why: 'all words, the last as a prefix; both words in the title first' },
  { query: 'video:pian', top: [LESSONS, TRIO], why: 'the prefix in title and description beats title alone' },
  { query: 'video:"smooth jazz"', top: [TOMATOES], why: 'a phrase matches adjacent words only' },
  { query: 'video:"jazz smooth"', top: [], why: 'in that order' },
  { query: 'video:tomatoes or evening', top: [TOMATOES, PRACTICE], why: 'either word; equal relevance, newest first' },
  { query: 'video:jazz club', top: [LIVE, NIGHT], why: 'both words, in title and channel name before description only' },
  {
    query: 'video:jazz -guitar',
    top: [TRIO, STANDARDS_TOO, STANDARDS, LIVE, PRACTICE, LESSONS, TOMATOES, NIGHT],
    anyOrder: true,
    why: 'a negated word excludes',
  },
  { query: 'video:jazz channel:garden', top: [GUITAR, STANDARDS_TOO, STANDARDS, TOMATOES], why: '`channel:` filters, the order stays' },
  {
    query: 'video:jazz active:yes',
    top: [TRIO, GUITAR, STANDARDS_TOO, STANDARDS, LIVE, PRACTICE, LESSONS, TOMATOES],
    why: '`active:yes` leaves out what upstream lost',
  },
  { query: 'jazz', top: [TRIO, GUITAR, STANDARDS_TOO, STANDARDS, LIVE, PRACTICE, LESSONS, TOMATOES, NIGHT], why: '`simple` queries order videos the same way' },
];

// Shared by both apps: Nest's static logger can still point at the app started before.
const logs: string[] = [];
const logSink: DestinationStream = { write: (chunk: string) => void logs.push(chunk) };

const PATHS = [
  { name: 'RUM index', path: 'rum', log: 'search: RUM index (exact ranked top-30)' },
  { name: 'GIN fallback', path: 'gin', log: 'search: GIN, bounded ranking (see docs/search.md)' },
] as const;

describe.each(PATHS)('search relevance on the $name path', ({ path, log }) => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let db: pg.Pool;
  let token: string;
  let logsBefore: number;

  const videoIds = async (query: string): Promise<string[]> => {
    const res = await app.inject({ method: 'GET', url: `/api/search/?query=${encodeURIComponent(query)}`, headers: { authorization: `Token ${token}` } });
    expect(res.statusCode).toBe(200);
    return res.json().results.video_results.map((video: { youtube_id: string }) => video.youtube_id);
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    db = world.db();
    const [{ rum }] = (await db.query('SELECT to_regclass($1) IS NOT NULL AS rum', [RUM_INDEX])).rows;
    if (path === 'rum' && !rum) {
      throw new Error(
        `the test database has no ${RUM_INDEX}: install the RUM extension for this PostgreSQL (Debian: postgresql-<version>-rum; .ci/run does) and rerun`,
      );
    }
    // A server without the extension: the migration would have created neither it nor the index.
    if (path === 'gin') await db.query('DROP EXTENSION IF EXISTS rum CASCADE');
    await insertChannels(db, [
      { id: CELLAR, name: 'Jazz Cellar', description: 'late night sessions' },
      { id: GARDEN, name: 'Garden Notes', description: 'plants and soil' },
      { id: SKY, name: 'Night Sky Club', description: 'astronomy for everyone' },
      { id: BAND, name: 'Band Camp', description: 'brass and reeds' },
    ]);
    await insertVideos(db, VIDEOS);
    await db.query('ANALYZE');
    logsBefore = logs.length;
    app = await world.startApp({ ...ADMIN_ENV, LOG_LEVEL: 'info' }, logSink);
    token = await loginToken(app);
  });
  afterAll(() => world.close());

  it('says at start-up which path is active', () => {
    const lines = logs
      .slice(logsBefore)
      .map((line) => JSON.parse(line) as { msg?: string })
      .filter((line) => line.msg?.startsWith('search: '));
    expect(lines.map((line) => line.msg)).toEqual([log]);
  });

  it.each(CASES)('$query: $why', async ({ query, top, anyOrder }) => {
    const found = await videoIds(query);
    if (anyOrder) expect([...found].sort()).toEqual([...top].sort());
    else expect(found).toEqual(top);
  });

  it('ranks channels the same way: name before description', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/search/?query=night', headers: { authorization: `Token ${token}` } });
    const { video_results: videos, channel_results: channels } = res.json().results;
    expect(videos.map((v: { youtube_id: string }) => v.youtube_id)).toEqual([NIGHT]);
    expect(channels.map((c: { channel_id: string }) => c.channel_id)).toEqual([SKY, CELLAR]);
    // The video has the word in its title and channel name, the first channel in its name, the second in its description.
    expect(videos[0]._score).toBeGreaterThan(channels[0]._score);
    expect(channels[0]._score).toBeGreaterThan(channels[1]._score);
  });

  if (path === 'rum') {
    it('finds the best match however many weaker ones are newer', async () => {
      const found = await videoIds('video:kazoo');
      expect(found[0]).toBe(ANTHEM);
      expect(found.slice(1)).toEqual(Array.from({ length: 29 }, (_, i) => videoId(CHORUS_BASE + GIN_RANKING_WINDOW - 1 - i)));
    });
  } else {
    it(`ranks only the ${GIN_RANKING_WINDOW} newest matches: an older, better match is not found`, async () => {
      const found = await videoIds('video:kazoo');
      expect(found).not.toContain(ANTHEM);
      expect(found).toEqual(Array.from({ length: 30 }, (_, i) => videoId(CHORUS_BASE + GIN_RANKING_WINDOW - 1 - i)));
      // Fewer matches than the window: ranked exactly.
      expect(await videoIds('video:kazoo anthem')).toEqual([ANTHEM]);
    });
  }
});
