import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { mintToken } from './auth.js';
import { createUser } from './users.js';

/** Catalog rows seeded with SQL: channels `fixtureChannelId(n)` with videos `fixtureVideoId(n, i)`. */
export const fixtureChannelId = (n: number) => `UC${`fixture${n}`.padEnd(22, '0')}`;
export const fixtureVideoId = (n: number, i: number) => `fx${n}_${String(i).padStart(7, '0')}`;

export async function seedCatalog(db: pg.Pool, channels: number, videosPerChannel: number): Promise<void> {
  for (let n = 1; n <= channels; n++) {
    await db.query('INSERT INTO channels (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [fixtureChannelId(n), `Fixture channel ${n}`]);
    await db.query(
      `INSERT INTO videos (id, channel_id, channel_name, title, length_seconds, published)
       SELECT $1 || lpad(i::text, 7, '0'), $2, $3, 'Fixture video ' || i, 60 + i, now() - i * interval '1 hour'
       FROM generate_series(1, $4) i ON CONFLICT DO NOTHING`,
      [`fx${n}_`, fixtureChannelId(n), `Fixture channel ${n}`, videosPerChannel],
    );
  }
}

/** A user with one of everything a route can take an id of. */
export interface FixtureUser {
  id: number;
  username: string;
  password: string;
  /** Full-access JWT (TubeArchivist login). */
  jwt: string;
  headers: { authorization: string };
  privatePlaylist: string;
  publicPlaylist: string;
  unlistedPlaylist: string;
  /** indexId of the one entry of each playlist, by playlist id. */
  indexOf: Record<string, string>;
  /** A subscribed channel and a watched video. */
  channel: string;
  video: string;
  /** A minted Invidious token's session id. */
  tokenSession: string;
}

async function ok(app: NestFastifyApplication, method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) {
  const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

/**
 * Creates a user (test/support/users.ts) and fills their library through the API: three playlists
 * (private, public, unlisted) holding one video each, a subscription, a watched video and a token.
 * The catalog must hold `fixtureChannelId(channelN)` and its video 1.
 */
export async function seedUser(app: NestFastifyApplication, username: string, isAdmin: boolean, channelN: number): Promise<FixtureUser> {
  const password = `${username} password`;
  const user = await createUser(app, { username, password, admin: isAdmin });
  const { jwt, headers } = user;
  const channel = fixtureChannelId(channelN);
  const video = fixtureVideoId(channelN, 1);
  const playlists: Record<string, string> = {};
  const indexOf: Record<string, string> = {};
  for (const privacy of ['private', 'public', 'unlisted']) {
    const created = await ok(app, 'POST', '/api/v1/auth/playlists', headers, { title: `${username} ${privacy}`, privacy });
    const id = created.json().playlistId as string;
    playlists[privacy] = id;
    const added = await ok(app, 'POST', `/api/v1/auth/playlists/${id}/videos`, headers, { videoId: video });
    indexOf[id] = added.json().indexId as string;
  }
  await ok(app, 'POST', `/api/v1/auth/subscriptions/${channel}`, headers);
  await ok(app, 'POST', `/api/v1/auth/history/${video}`, headers);
  const token = JSON.parse(await mintToken(app, jwt, ['GET:feed'])) as { session: string };
  return {
    id: user.id,
    username,
    password,
    jwt,
    headers,
    privatePlaylist: playlists.private,
    publicPlaylist: playlists.public,
    unlistedPlaylist: playlists.unlisted,
    indexOf,
    channel,
    video,
    tokenSession: token.session,
  };
}
