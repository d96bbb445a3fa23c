import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A fake upstream on a free loopback port: fixture channels, videos and playlists served as an
 * Invidious instance's public JSON API (with continuations) and as YouTube's channel Atom feeds
 * (`/feeds/videos.xml?channel_id=…`), plus controls to add uploads, fail, hide, corrupt or slow
 * down answers. No test reaches the internet.
 */

export interface FakeVideo {
  id: string;
  title: string;
  description: string;
  /** Unix seconds. */
  published: number;
  lengthSeconds: number;
  viewCount: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  description: string;
  subCount: number;
  /** Newest first. */
  videos: FakeVideo[];
}

export interface FakePlaylist {
  id: string;
  title: string;
  channelId: string;
  videoIds: string[];
}

const NOW = Math.floor(Date.now() / 1000);

/** `UC` + 22 characters, deterministic. */
export const fakeChannelId = (n: number) => `UCfake${String(n).padStart(18, '0')}`;
/** 11 characters, deterministic and distinct per channel. */
export const fakeVideoId = (channel: number, n: number) => `v${String(channel).padStart(2, '0')}_${String(n).padStart(7, '0')}`;

/** A channel with `videoCount` uploads an hour apart, the newest an hour ago. */
export function fakeChannel(n: number, videoCount: number, name = `Channel ${n}`): FakeChannel {
  const videos = Array.from({ length: videoCount }, (_, i) => ({
    id: fakeVideoId(n, i + 1),
    title: `${name} video ${i + 1}`,
    description: `Description of ${name} video ${i + 1}, long enough that a channel page shows only a snippet of it.`,
    published: NOW - (i + 1) * 3600,
    lengthSeconds: 60 + i,
    viewCount: 1000 * (i + 1),
  }));
  return { id: fakeChannelId(n), name, description: `About ${name}`, subCount: 1234567, videos };
}

/** An answer, computed when the request arrives (a delay then only holds it back). */
interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** The fake's media file: `MEDIA_SIZE` bytes, byte i being i % 251 (so any range is recognisable). */
export const MEDIA_SIZE = 100 * 1024;
export const mediaBytes = (start = 0, end = MEDIA_SIZE - 1) => Buffer.from(Array.from({ length: end - start + 1 }, (_, i) => (start + i) % 251));
/** A tiny JPEG-labelled image per path. */
export const imageBytes = (path: string) => Buffer.from(`\xff\xd8fake image ${path}`, 'latin1');

const json = (status: number, body: unknown): Answer => ({ status, type: 'application/json', body: JSON.stringify(body) });

interface Failure {
  remaining: number;
  status: number;
  pathPart?: string;
}

const xmlEscape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export class FakeUpstream {
  /** Path and query of every request, in order. */
  readonly requests: string[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly playlists = new Map<string, FakePlaylist>();
  channelPageSize = 30;
  private readonly failures: Failure[] = [];
  private readonly missing = new Set<string>();
  private readonly malformed = new Set<string>();
  private readonly delays = new Map<string, number>();
  private readonly holds = new Map<string, Promise<void>>();
  private rateLimit: { remaining: number; retryAfter: string } | undefined;
  /** Whether video answers carry streams (formats, captions, `dashUrl`); off, they look like a catalog-only instance's. */
  serveStreams = false;
  /** Where `/latest_version` redirects; tests point it at another host to check it is not followed. */
  redirectHost: string | undefined;
  /** While true, every request is still counted but its connection is reset at once, as a stopped instance's would be refused. */
  down = false;
  /**
   * When set, `/videoplayback` serves a generated file of this many bytes (byte i being i % 251),
   * written chunk by chunk as the client reads, so a large file never sits in the fake's memory.
   */
  streamedMediaSize: number | undefined;
  private uploads = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(channels: FakeChannel[] = [], playlists: FakePlaylist[] = []): Promise<FakeUpstream> {
    // Requests arrive only once the URL is known, after `fake` is set.
    const server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeUpstream(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    for (const channel of channels) fake.channels.set(channel.id, channel);
    for (const playlist of playlists) fake.playlists.set(playlist.id, playlist);
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** A new upload, now, at the top of the channel's list. */
  addUpload(channelId: string, title?: string): FakeVideo {
    const channel = this.channels.get(channelId)!;
    const n = ++this.uploads;
    const video: FakeVideo = {
      id: `u${String(n).padStart(10, '0')}`,
      title: title ?? `Fresh upload ${n}`,
      description: `Fresh upload ${n}, just uploaded`,
      published: Math.floor(Date.now() / 1000) - 60,
      lengthSeconds: 99,
      viewCount: 5,
    };
    channel.videos.unshift(video);
    return video;
  }

  /** The next `count` requests (those whose path contains `pathPart`, if given) answer `status`. */
  failNext(count: number, status = 500, pathPart?: string): void {
    this.failures.push({ remaining: count, status, pathPart });
  }

  /** Every request naming `id` answers 404. */
  makeMissing(id: string): void {
    this.missing.add(id);
  }

  /** Every request naming `id` answers 200 with a body that is not what the API documents. */
  serveMalformed(id: string): void {
    this.malformed.add(id);
  }

  /** The next `count` requests answer 429 with `Retry-After: retryAfter`. */
  rateLimitNext(count: number, retryAfter: string): void {
    this.rateLimit = { remaining: count, retryAfter };
  }

  /** Requests whose path contains `pathPart` are answered `ms` later (with what held when they arrived). */
  delay(pathPart: string, ms: number): void {
    this.delays.set(pathPart, ms);
  }

  /**
   * Requests whose path contains `pathPart` are answered only once the returned function is called:
   * a job waiting on one stays running for as long as a test needs to look at it.
   */
  hold(pathPart: string): () => void {
    let release!: () => void;
    this.holds.set(pathPart, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(pathPart);
      release();
    };
  }

  /** How many requests have been made whose path and query contain `part`. */
  count(part: string): number {
    return this.requests.filter((r) => r.includes(part)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    this.requests.push(target);
    if (this.down) {
      req.socket.destroy();
      return;
    }
    if (this.streamedMediaSize !== undefined && new URL(target, this.url).pathname === '/videoplayback')
      return this.streamMedia(req, res, this.streamedMediaSize);
    const answer = this.answer(target, req.headers.range);
    for (const [part, ms] of this.delays) if (target.includes(part)) await sleep(ms);
    for (const [part, held] of this.holds) if (target.includes(part)) await held;
    if (!res.destroyed) res.writeHead(answer.status, { 'content-type': answer.type, ...answer.headers }).end(answer.body);
  }

  private async streamMedia(req: IncomingMessage, res: ServerResponse, size: number): Promise<void> {
    const match = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
    const start = match ? Number(match[1]) : 0;
    const end = match?.[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    const headers: Record<string, string> = { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-length': String(end - start + 1) };
    if (match) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(match ? 206 : 200, headers);
    // One 64 KiB pattern block, sliced at the right offset: byte i is i % 251 anywhere in the file.
    const block = Buffer.from(Array.from({ length: 64 * 1024 + 251 }, (_, i) => i % 251));
    let position = start;
    while (position <= end && !res.destroyed) {
      const length = Math.min(64 * 1024, end - position + 1);
      const offset = position % 251;
      if (!res.write(block.subarray(offset, offset + length))) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      position += length;
    }
    res.end();
  }

  private answer(target: string, range?: string): Answer {
    if (this.rateLimit && this.rateLimit.remaining > 0) {
      this.rateLimit.remaining -= 1;
      return { status: 429, type: 'text/plain', body: 'slow down', headers: { 'retry-after': this.rateLimit.retryAfter } };
    }
    const failure = this.failures.find((f) => f.remaining > 0 && (!f.pathPart || target.includes(f.pathPart)));
    if (failure) {
      failure.remaining -= 1;
      return { status: failure.status, type: 'text/plain', body: 'fake failure' };
    }
    if ([...this.missing].some((id) => target.includes(id))) return json(404, { error: 'This item does not exist.' });
    if ([...this.malformed].some((id) => target.includes(id))) {
      return { status: 200, type: 'text/html', body: '<html><body>Service temporarily overloaded</body></html>' };
    }

    const url = new URL(target, this.url);
    const path = url.pathname.replace(/\/+$/, '');
    let match: RegExpMatchArray | null;
    if (path === '/feeds/videos.xml') return this.feed(url.searchParams.get('channel_id') ?? '');
    if ((match = path.match(/^\/api\/v1\/videos\/([\w-]+)$/))) return this.video(match[1]);
    if ((match = path.match(/^\/api\/v1\/channels\/([\w-]+)\/videos$/))) return this.channelVideos(match[1], url.searchParams.get('continuation'));
    if ((match = path.match(/^\/api\/v1\/channels\/([\w-]+)$/))) return this.channel(match[1]);
    if ((match = path.match(/^\/api\/v1\/playlists\/([\w-]+)$/))) return this.playlist(match[1], Number(url.searchParams.get('page') ?? 1));
    if (path === '/api/v1/search') return this.search(url.searchParams);
    if (path === '/api/v1/search/suggestions')
      return json(200, { query: url.searchParams.get('q'), suggestions: [`${url.searchParams.get('q')} live`, `${url.searchParams.get('q')} lyrics`] });
    if (path === '/api/v1/trending')
      return json(
        200,
        [...this.channels.values()].slice(0, 2).map((c) => this.listed(c, c.videos[0])),
      );
    if (path === '/api/v1/resolveurl')
      return json(200, { ucid: [...this.channels.keys()][0], pageType: 'WEB_PAGE_TYPE_CHANNEL', params: url.searchParams.get('url') });
    if ((match = path.match(/^\/api\/v1\/comments\/([\w-]+)$/))) return this.comments(match[1], url.searchParams);
    if ((match = path.match(/^\/api\/v1\/captions\/([\w-]+)$/))) return this.captions(match[1], url.searchParams);
    if (/^\/api\/v1\/hashtag\/[^/]+$/.test(path))
      return json(200, { results: [...this.channels.values()].slice(0, 1).map((c) => this.listed(c, c.videos[0])) });
    if ((match = path.match(/^\/api\/v1\/storyboards\/([\w-]+)$/))) {
      return this.find(match[1])
        ? json(200, {
            storyboards: [
              {
                url: `/api/v1/storyboards/${match[1]}?width=160&height=90`,
                templateUrl: `https://i.ytimg.com/sb/${match[1]}/storyboard3_L1/M$M.jpg`,
                width: 160,
                height: 90,
                count: 100,
                interval: 2000,
                storyboardWidth: 10,
                storyboardHeight: 10,
                storyboardCount: 1,
              },
            ],
          })
        : json(404, { error: 'Video unavailable' });
    }
    if ((match = path.match(/^\/api\/manifest\/dash\/id\/([\w-]+)$/))) return this.manifest(match[1], url.searchParams.get('local') === 'true');
    if (path === '/latest_version') {
      const location = `${this.redirectHost ?? ''}/videoplayback?id=${url.searchParams.get('id')}&itag=${url.searchParams.get('itag')}`;
      return { status: 302, type: 'text/plain', body: '', headers: { location } };
    }
    if (path === '/videoplayback') return this.media(range);
    if (path.startsWith('/vi/') || path.startsWith('/ggpht/')) {
      return {
        status: 200,
        type: 'image/jpeg',
        body: imageBytes(path),
        headers: { 'cache-control': 'public, max-age=86400', 'last-modified': 'Mon, 01 Dec 2025 00:00:00 GMT' },
      };
    }
    return json(404, { error: 'not found' });
  }

  private find(videoId: string): { channel: FakeChannel; video: FakeVideo } | undefined {
    for (const channel of this.channels.values()) {
      const video = channel.videos.find((v) => v.id === videoId);
      if (video) return { channel, video };
    }
    return undefined;
  }

  private thumbnails(id: string) {
    return [
      { quality: 'maxres', url: `/vi/${id}/maxres.jpg`, width: 1280, height: 720 },
      { quality: 'high', url: `/vi/${id}/hqdefault.jpg`, width: 480, height: 360 },
    ];
  }

  private authorThumbnails(channel: FakeChannel) {
    return [32, 48, 76, 100, 176, 512].map((size) => ({ url: `https://yt3.example/${channel.id}=s${size}-c-k`, width: size, height: size }));
  }

  /** Invidious's search-video shape, as on channel pages: a description snippet only. */
  private listed(channel: FakeChannel, video: FakeVideo) {
    return {
      type: 'video',
      title: video.title,
      videoId: video.id,
      author: channel.name,
      authorId: channel.id,
      authorUrl: `/channel/${channel.id}`,
      videoThumbnails: this.thumbnails(video.id),
      description: `${video.description.slice(0, 20)}…`,
      descriptionHtml: `${video.description.slice(0, 20)}…`,
      viewCount: video.viewCount,
      published: video.published,
      publishedText: 'some time ago',
      lengthSeconds: video.lengthSeconds,
      liveNow: false,
      isUpcoming: false,
    };
  }

  /** Videos whose title contains `q` (case-insensitive), then channels whose name does; 5 a page. */
  private search(params: URLSearchParams): Answer {
    const q = (params.get('q') ?? '').toLowerCase();
    const page = Number(params.get('page') ?? 1);
    const type = params.get('type') ?? 'all';
    const channels = [...this.channels.values()];
    const videos = type === 'channel' ? [] : channels.flatMap((c) => c.videos.filter((v) => v.title.toLowerCase().includes(q)).map((v) => this.listed(c, v)));
    const found =
      type === 'video'
        ? []
        : channels
            .filter((c) => c.name.toLowerCase().includes(q))
            .map((c) => ({
              type: 'channel',
              author: c.name,
              authorId: c.id,
              authorUrl: `/channel/${c.id}`,
              authorThumbnails: this.authorThumbnails(c),
              subCount: c.subCount,
              videoCount: c.videos.length,
              description: c.description,
            }));
    return json(200, [...found, ...videos].slice((page - 1) * 5, page * 5));
  }

  private comments(id: string, params: URLSearchParams): Answer {
    if (!this.find(id)) return json(404, { error: 'Video unavailable' });
    const page = Number(params.get('continuation') ?? 0);
    const comments = [0, 1].map((i) => ({
      author: `Commenter ${page * 2 + i}`,
      authorThumbnails: [{ url: `https://yt3.ggpht.com/commenter${i}=s48`, width: 48, height: 48 }],
      authorId: `UCcommenter${String(i).padStart(13, '0')}`,
      content: `${params.get('sort_by') ?? 'top'} comment ${page * 2 + i}`,
      published: NOW - 60,
      likeCount: i,
      commentId: `c${page}${i}`,
    }));
    return json(200, page < 2 ? { commentCount: 6, videoId: id, comments, continuation: String(page + 1) } : { commentCount: 6, videoId: id, comments });
  }

  private captions(id: string, params: URLSearchParams): Answer {
    if (!this.find(id)) return json(404, { error: 'Video unavailable' });
    const label = params.get('label');
    const lang = params.get('lang');
    if (label || lang) {
      if (label && label !== 'English') return json(404, { error: 'No such caption track' });
      return { status: 200, type: 'text/vtt', body: `WEBVTT\nKind: captions\nLanguage: en\n\n00:00:00.000 --> 00:00:02.000\nHello from ${id}\n` };
    }
    return json(200, { captions: [{ label: 'English', languageCode: 'en', url: `/api/v1/captions/${id}?label=English` }] });
  }

  /** A tiny DASH manifest: media URLs on YouTube's video host, or (local) relative to the instance. */
  private manifest(id: string, local: boolean): Answer {
    if (!this.find(id)) return json(404, { error: 'Video unavailable' });
    const media = (itag: number) =>
      local ? `/videoplayback?id=${id}&amp;itag=${itag}` : `https://rr1---sn-fake.googlevideo.com/videoplayback?id=${id}&amp;itag=${itag}`;
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:full:2011" minBufferTime="PT1.5S" type="static" mediaPresentationDuration="PT60S">
 <Period>
  <AdaptationSet id="0" mimeType="audio/mp4" subsegmentAlignment="true">
   <Representation id="140" codecs="mp4a.40.2" bandwidth="130000"><BaseURL>${media(140)}</BaseURL><SegmentBase indexRange="592-783"><Initialization range="0-591"/></SegmentBase></Representation>
  </AdaptationSet>
  <AdaptationSet id="1" mimeType="video/mp4" subsegmentAlignment="true">
   <Representation id="137" codecs="avc1.640028" width="1920" height="1080" bandwidth="4000000"><BaseURL>${media(137)}</BaseURL><SegmentBase indexRange="740-1000"><Initialization range="0-739"/></SegmentBase></Representation>
  </AdaptationSet>
 </Period>
</MPD>`;
    return { status: 200, type: 'application/dash+xml', body };
  }

  /** The media file, whole or one `Range` of it. */
  private media(range?: string): Answer {
    const headers = { 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=21298' };
    const match = range?.match(/^bytes=(\d+)-(\d*)$/);
    if (!match) return { status: 200, type: 'video/mp4', body: mediaBytes(), headers: { ...headers, 'content-length': String(MEDIA_SIZE) } };
    const start = Number(match[1]);
    const end = Math.min(match[2] ? Number(match[2]) : MEDIA_SIZE - 1, MEDIA_SIZE - 1);
    if (start > end) return { status: 416, type: 'text/plain', body: '', headers: { 'content-range': `bytes */${MEDIA_SIZE}` } };
    return {
      status: 206,
      type: 'video/mp4',
      body: mediaBytes(start, end),
      headers: { ...headers, 'content-range': `bytes ${start}-${end}/${MEDIA_SIZE}`, 'content-length': String(end - start + 1) },
    };
  }

  private video(id: string): Answer {
    const found = this.find(id);
    if (!found) return json(404, { error: 'Video unavailable' });
    const { channel, video } = found;
    return json(200, {
      type: 'video',
      title: video.title,
      videoId: video.id,
      videoThumbnails: this.thumbnails(video.id),
      description: video.description,
      published: video.published,
      viewCount: video.viewCount,
      likeCount: 42,
      genre: 'Music',
      author: channel.name,
      authorId: channel.id,
      authorUrl: `/channel/${channel.id}`,
      authorThumbnails: this.authorThumbnails(channel),
      subCountText: '1.2M',
      lengthSeconds: video.lengthSeconds,
      liveNow: false,
      isUpcoming: false,
      ...(this.serveStreams ? this.streams(video) : { adaptiveFormats: [] }),
    });
  }

  private streams(video: FakeVideo) {
    return {
      dashUrl: `${this.url}/api/manifest/dash/id/${video.id}`,
      adaptiveFormats: [
        {
          init: '0-591',
          index: '592-783',
          bitrate: '130000',
          url: `https://rr1---sn-fake.googlevideo.com/videoplayback?id=${video.id}&itag=140`,
          itag: '140',
          type: 'audio/mp4; codecs="mp4a.40.2"',
          clen: String(MEDIA_SIZE),
          container: 'm4a',
          encoding: 'aac',
        },
      ],
      formatStreams: [
        {
          url: `https://rr1---sn-fake.googlevideo.com/videoplayback?id=${video.id}&itag=18`,
          itag: '18',
          type: 'video/mp4; codecs="avc1.42001E, mp4a.40.2"',
          quality: 'medium',
          container: 'mp4',
          encoding: 'h264',
          qualityLabel: '360p',
          resolution: '640x360',
          size: '640x360',
        },
      ],
      captions: [{ label: 'English', language_code: 'en', url: `/api/v1/captions/${video.id}?label=English` }],
    };
  }

  private channel(ucid: string): Answer {
    const channel = this.channels.get(ucid);
    if (!channel) return json(404, { error: 'This channel does not exist.' });
    return json(200, {
      author: channel.name,
      authorId: channel.id,
      authorUrl: `/channel/${channel.id}`,
      authorBanners: [{ url: `https://yt3.example/banner-${channel.id}=w1060-fcrop64`, width: 1060, height: 175 }],
      authorThumbnails: this.authorThumbnails(channel),
      subCount: channel.subCount,
      totalViews: 987654,
      joined: 1_200_000_000,
      description: channel.description,
      latestVideos: [],
    });
  }

  /** Pages of `channelPageSize`; the continuation is opaque to clients (here: the next offset). */
  private channelVideos(ucid: string, continuation: string | null): Answer {
    const channel = this.channels.get(ucid);
    if (!channel) return json(404, { error: 'This channel does not exist.' });
    const offset = continuation ? Number(Buffer.from(continuation, 'base64url').toString().replace('offset:', '')) : 0;
    const videos = channel.videos.slice(offset, offset + this.channelPageSize).map((v) => this.listed(channel, v));
    const next = offset + this.channelPageSize;
    return json(200, next < channel.videos.length ? { videos, continuation: Buffer.from(`offset:${next}`).toString('base64url') } : { videos });
  }

  /** Invidious's window: page N holds up to 100 entries from `(N-1)*100 - min((N-1)*100, 50)`. */
  private playlist(id: string, page: number): Answer {
    const playlist = this.playlists.get(id);
    if (!playlist) return json(404, { error: 'Playlist does not exist.' });
    const channel = this.channels.get(playlist.channelId)!;
    const offset = (page - 1) * 100;
    const start = offset - Math.min(offset, 50);
    const videos = playlist.videoIds.slice(start, start + 100).map((videoId, i) => {
      const found = this.find(videoId);
      return {
        title: found?.video.title ?? '[Deleted video]',
        videoId,
        author: found?.channel.name ?? '',
        authorId: found?.channel.id ?? '',
        authorUrl: found ? `/channel/${found.channel.id}` : '',
        videoThumbnails: this.thumbnails(videoId),
        index: start + i,
        lengthSeconds: found?.video.lengthSeconds ?? 0,
      };
    });
    return json(200, {
      type: 'playlist',
      title: playlist.title,
      playlistId: playlist.id,
      playlistThumbnail: `/vi/${playlist.videoIds[0]}/mqdefault.jpg`,
      author: channel.name,
      authorId: channel.id,
      description: `About ${playlist.title}`,
      videoCount: playlist.videoIds.length,
      videos,
    });
  }

  /** YouTube's channel feed: the 15 newest uploads. */
  private feed(ucid: string): Answer {
    const channel = this.channels.get(ucid);
    if (!channel) return { status: 404, type: 'text/html', body: '<html>404</html>' };
    const entries = channel.videos.slice(0, 15).map(
      (v) => `
 <entry>
  <id>yt:video:${v.id}</id>
  <yt:videoId>${v.id}</yt:videoId>
  <yt:channelId>${channel.id}</yt:channelId>
  <title>${xmlEscape(v.title)}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=${v.id}"/>
  <author><name>${xmlEscape(channel.name)}</name><uri>https://www.youtube.com/channel/${channel.id}</uri></author>
  <published>${new Date(v.published * 1000).toISOString()}</published>
  <media:group>
   <media:title>${xmlEscape(v.title)}</media:title>
   <media:thumbnail url="${this.url}/vi/${v.id}/hqdefault.jpg" width="480" height="360"/>
   <media:description>${xmlEscape(v.description)}</media:description>
   <media:community><media:starRating count="42" average="5.00" min="1" max="5"/><media:statistics views="${v.viewCount}"/></media:community>
  </media:group>
 </entry>`,
    );
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <id>yt:channel:${channel.id}</id>
 <yt:channelId>${channel.id}</yt:channelId>
 <title>${xmlEscape(channel.name)}</title>
 <author><name>${xmlEscape(channel.name)}</name><uri>https://www.youtube.com/channel/${channel.id}</uri></author>
${entries.join('')}
</feed>`;
    return { status: 200, type: 'application/atom+xml; charset=UTF-8', body };
  }
}
