import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { toFeedVideo, toSearchVideo, type MappableVideo } from '../src/invidious/catalog/video-mapper.js';
import { toInvidiousPlaylist, toUpstreamPlaylist, type EntryRow, type LocalEntryRow } from '../src/invidious/playlists/playlist-mapper.js';
import { scored, TA_INDEX, toTaChannel, toTaPlaylist, toTaVideo, type TaChannelRow, type TaVideoRow } from '../src/tubearchivist/archive/ta-objects.js';
import { responseSerializersOf, type Serializer } from '../src/platform/openapi/response-schemas.js';
import { TestWorld } from './support/test-app.js';
import { createUser, type TestUser } from './support/users.js';

/**
 * The large answers go out through serializers compiled from their OpenAPI response schemas
 * (docs/architecture.md#response-serializers): these must write exactly what `JSON.stringify` writes
 * for every shape the mappers produce, and `fields` answers must bypass them.
 */

const CHANNEL = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const NOW = new Date('2024-05-01T12:00:00Z');
/** Strings JSON escapes differently from plain text: quotes, backslashes, controls, HTML, line separators, astral and lone surrogates. */
const TRICKY = 'a "quoted" \\ back\nslash\t<b>&amp;</b> \u2028 \u0001 é 🎵 \ud800 end';
/** What Postgres can store of it (no lone surrogate). */
const STORABLE = TRICKY.replace('\ud800', '');

const SCHEMA_ROUTES = ['/api/v1/auth/feed', '/api/v1/auth/playlists/:id', '/api/v1/playlists/:id', '/api/search', '/api/v1/channels/:ucid/videos'];

const video = (over: Partial<MappableVideo> = {}): MappableVideo => ({
  id: 'dQw4w9WgXcQ',
  channelId: CHANNEL,
  channelName: 'Rick Astley',
  title: 'Never Gonna Give You Up',
  description: `See https://example.org/x?a=1&b=2. ${TRICKY}`,
  published: new Date('2009-10-25T06:57:33Z'),
  lengthSeconds: 213,
  viewCount: 1_500_000_000,
  likeCount: 18_000_000,
  thumbnails: [{ quality: 'high', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hq720.jpg', width: 480, height: 360 }],
  genre: 'Music',
  liveNow: false,
  isUpcoming: false,
  premiereAt: null,
  ...over,
});

/** A video the catalog knows nothing about but its id and channel: every nullable column null. */
const bareVideo = video({
  id: 'bare0000000',
  channelName: null,
  title: null,
  description: null,
  published: null,
  lengthSeconds: null,
  viewCount: null,
  likeCount: null,
  thumbnails: null,
  genre: null,
  liveNow: null,
  isUpcoming: null,
});
const premiere = video({ id: 'premiere000', isUpcoming: true, premiereAt: new Date('2024-06-01T00:00:00Z'), published: new Date('2024-06-01T00:00:00Z') });
const fresh = video({ id: 'fresh000000', published: new Date(NOW.getTime() - 3600_000), viewCount: 1, title: TRICKY });

const entries: LocalEntryRow[] = [
  {
    position: 0,
    indexId: 0xb3a73ce2ff2n,
    videoId: 'dQw4w9WgXcQ',
    video: { title: TRICKY, channelId: CHANNEL, author: 'Rick', thumbnails: null, lengthSeconds: 212, liveNow: true },
  },
  { position: 1, indexId: 0xffffffffffffffffn, videoId: 'notincatalo', video: null },
  {
    position: 2,
    indexId: 1n,
    videoId: 'nullfields0',
    video: { title: null, channelId: CHANNEL, author: null, thumbnails: [], lengthSeconds: null, liveNow: null },
  },
];
const upstreamEntries: EntryRow[] = entries.map(({ position, videoId, video: v }) => ({ position, videoId, video: v }));

const channelRow = (over: Partial<TaChannelRow> = {}): TaChannelRow => ({
  id: CHANNEL,
  name: 'Rick Astley',
  description: TRICKY,
  subscriberCount: 4_100_000,
  missingUpstream: false,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  lastRefreshedAt: new Date('2024-04-30T23:59:59Z'),
  subscribed: true,
  ...over,
});
const taVideoRow = (over: Partial<TaVideoRow> = {}): TaVideoRow => ({
  id: 'dQw4w9WgXcQ',
  title: TRICKY,
  description: null,
  published: null,
  lengthSeconds: 3725,
  viewCount: null,
  likeCount: 5,
  genre: 'Music',
  liveNow: null,
  isUpcoming: true,
  missingUpstream: true,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  lastRefreshedAt: null,
  channel: channelRow({ name: null, description: null, subscriberCount: null, lastRefreshedAt: null, subscribed: false }),
  playlistIds: ['PLBCF2DAC6FFB574DE'],
  watchedAt: null,
  ...over,
});

/** Realistic answers of each route, as the services build them, covering nulls, optional keys and empty lists. */
const SAMPLES: Record<string, unknown[]> = {
  '/api/v1/auth/feed': [
    { notifications: [], videos: [] },
    { notifications: [toFeedVideo(fresh, NOW)], videos: [video(), bareVideo, premiere].map((v) => toFeedVideo(v, NOW)) },
  ],
  '/api/v1/auth/playlists/:id': [
    toInvidiousPlaylist(
      {
        id: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
        userId: 1,
        author: 'alice',
        title: TRICKY,
        description: TRICKY,
        privacy: 'public',
        updatedAt: NOW,
        videoCount: 3,
      },
      entries,
    ),
    toInvidiousPlaylist(
      {
        id: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
        userId: 1,
        author: 'alice',
        title: 'Mix',
        description: '',
        privacy: 'private',
        updatedAt: NOW,
        videoCount: 0,
      },
      [],
    ),
    toUpstreamPlaylist(
      {
        id: 'PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI',
        title: 'Hits',
        author: 'Rick Astley',
        channelId: CHANNEL,
        channelThumbnails: [{ url: 'https://yt3.ggpht.com/abc=s176-c-k', width: 176, height: 176 }],
        description: TRICKY,
        thumbnailUrl: null,
        updatedAt: NOW,
        videoCount: 3,
      },
      upstreamEntries,
      'dQw4w9WgXcQ',
    ),
    toUpstreamPlaylist(
      {
        id: 'PLempty',
        title: null,
        author: null,
        channelId: null,
        channelThumbnails: null,
        description: null,
        thumbnailUrl: null,
        updatedAt: NOW,
        videoCount: 0,
      },
      [],
      null,
    ),
  ],
  '/api/search': [
    { results: { video_results: [], channel_results: [], playlist_results: [], fulltext_results: [] }, queryType: 'full' },
    {
      results: {
        video_results: [
          scored(toTaVideo(taVideoRow()), TA_INDEX.video, 0.61),
          scored(
            toTaVideo(taVideoRow({ id: 'watched0000', watchedAt: NOW, published: NOW, lastRefreshedAt: NOW, liveNow: false, isUpcoming: false })),
            TA_INDEX.video,
            0,
          ),
        ],
        channel_results: [scored(toTaChannel(channelRow()), TA_INDEX.channel, 1.5)],
        playlist_results: [
          scored(
            toTaPlaylist({
              id: 'PLBCF2DAC6FFB574DE',
              title: null,
              author: 'Rick',
              channelId: null,
              description: TRICKY,
              missingUpstream: false,
              createdAt: NOW,
              lastRefreshedAt: null,
              entries: [
                { videoId: 'dQw4w9WgXcQ', title: TRICKY, uploader: 'Rick', inCatalog: true },
                { videoId: 'notincatalo', title: null, uploader: null, inCatalog: false },
              ],
            }),
            TA_INDEX.playlist,
            0.07,
          ),
        ],
        fulltext_results: [],
      },
      queryType: 'simple',
    },
  ],
  '/api/v1/channels/:ucid/videos': [
    { videos: [video(), bareVideo, premiere, fresh].map((v) => toSearchVideo(v, NOW)), continuation: 'WyJuZXdlc3QiXQ' },
    { videos: [] },
  ],
};
SAMPLES['/api/v1/playlists/:id'] = SAMPLES['/api/v1/auth/playlists/:id'];

describe('response serializers (docs/architecture.md#response-serializers)', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let serializers: ReadonlyMap<string, Serializer>;
  let db: pg.Pool;
  let alice: TestUser;

  const serializerOf = (url: string): Serializer => {
    const serialize = serializers.get(`GET ${url}`);
    if (!serialize) throw new Error(`GET ${url} has no response serializer`);
    return serialize;
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp();
    serializers = responseSerializersOf(app.getHttpAdapter().getInstance());
    db = world.db();
    alice = await createUser(app, { password: 'battery staple' });
  });
  afterAll(() => world.close());

  it('are installed on the large answers, GET and HEAD, and nowhere else', () => {
    expect([...serializers.keys()].sort()).toEqual(SCHEMA_ROUTES.flatMap((url) => [`GET ${url}`, `HEAD ${url}`]).sort());
  });

  it.each(SCHEMA_ROUTES)('GET %s writes exactly what JSON.stringify writes, for each shape', (url) => {
    const serialize = serializerOf(url);
    for (const sample of SAMPLES[url]) {
      const text = serialize(sample);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(sample)));
      // Byte for byte: the same key order and escapes.
      expect(text).toBe(JSON.stringify(sample));
    }
  });

  it('write only the documented keys (a schema serializer, not JSON.stringify)', () => {
    const [playlist] = SAMPLES['/api/v1/auth/playlists/:id'] as Record<string, unknown>[];
    const text = serializerOf('/api/v1/auth/playlists/:id')({ ...playlist, internalOnly: 'secret' });
    expect(text).not.toContain('internalOnly');
    expect(JSON.parse(text)).toEqual(playlist);
  });

  describe('through the app', () => {
    let playlistId: string;

    beforeAll(async () => {
      await db.query(`INSERT INTO channels (id, name) VALUES ($1, 'Rick Astley')`, [CHANNEL]);
      await db.query(
        `INSERT INTO videos (id, channel_id, channel_name, title, length_seconds, published, thumbnails)
         VALUES ('dQw4w9WgXcQ', $1, 'Rick Astley', $2, 213, now(), $3::jsonb)`,
        [CHANNEL, STORABLE, JSON.stringify([{ quality: 'high', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hq720.jpg', width: 480, height: 360 }])],
      );
      const created = await app.inject({ method: 'POST', url: '/api/v1/auth/playlists', headers: alice.headers, payload: { title: 'Mix', privacy: 'public' } });
      playlistId = created.json().playlistId as string;
      const added = await app.inject({
        method: 'POST',
        url: `/api/v1/auth/playlists/${playlistId}/videos`,
        headers: alice.headers,
        payload: { videoId: 'dQw4w9WgXcQ' },
      });
      expect(added.statusCode).toBe(201);
    });

    it('answers a playlist as the serializer writes it', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/playlists/${playlistId}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe(serializerOf('/api/v1/playlists/:id')(res.json()));
      expect(res.json().videos[0]).toMatchObject({ title: STORABLE, indexId: expect.any(String) });
    });

    // Straight to Fastify: TestWorld's `app.inject` checks answers against the whole documented shape.
    it('bypasses the schema for fields=, which changes the shape', async () => {
      const fastify = app.getHttpAdapter().getInstance();
      const res = await fastify.inject({
        method: 'GET',
        url: `/api/v1/auth/playlists/${playlistId}?fields=title,videos(videoId,index)`,
        headers: alice.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe(JSON.stringify({ title: 'Mix', videos: [{ videoId: 'dQw4w9WgXcQ', index: 0 }] }));
      const feed = await fastify.inject({ method: 'GET', url: '/api/v1/auth/feed?fields=videos', headers: alice.headers });
      expect(feed.statusCode).toBe(200);
      expect(feed.body).toBe('{"videos":[]}');
    });

    it('still rewrites URLs with local=true', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/playlists/${playlistId}?local=true`, headers: { host: 'tube.example' } });
      expect(res.statusCode).toBe(200);
      const urls = (res.json().videos[0].videoThumbnails as { url: string }[]).map((t) => t.url);
      expect(urls).toHaveLength(9);
      for (const url of urls) expect(url).toMatch(/^http:\/\/tube\.example\/vi\/dQw4w9WgXcQ\//);
      expect(res.body).toBe(serializerOf('/api/v1/playlists/:id')(res.json()));
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const [get, head] = await Promise.all((['GET', 'HEAD'] as const).map((method) => app.inject({ method, url: `/api/v1/playlists/${playlistId}` })));
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
    });

    it('leaves error answers alone', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/playlists/IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'Playlist does not exist.' });
    });
  });
});
