import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../platform/access/principal.js';
import { CATALOG_EVENTS_CHANNEL, parseCatalogEvent, type CatalogEvent } from '../../catalog/media/catalog-events.js';
import { CatalogService, type VideoWithChannel } from '../../catalog/media/catalog.service.js';
import { VideosRepository } from '../../catalog/media/videos.repository.js';
import { toInvidiousVideo, type InvidiousVideo } from '../catalog/video-mapper.js';
import { localizeUrls } from '../gateway/local-urls.js';
import { upstreamOriginsOf } from '../gateway/local-urls.interceptor.js';
import { NO_PLAYBACK, type Playback } from '../gateway/playback.js';
import { VideoPlayback } from '../gateway/video-playback.service.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { applyFields } from '../fields/fields.js';
import { UnavailableError } from '../../platform/errors/domain-errors.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { SessionsService } from '../../identity/sessions/sessions.service.js';
import { EVENT_STREAM_HEADERS, NotificationStream } from './notification-stream.js';
import type { EventView, NotificationsRequest } from './notifications-request.js';

/** docs/dialects/invidious.md#notifications: a replay sends at most this many videos per channel topic. */
export const REPLAY_PER_CHANNEL = 15;
/** What may wait unsent for one client before it is dropped (a client that stopped reading). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Replayed videos loaded from the database at a time. */
const REPLAY_BATCH = 100;
/** How long opening a stream waits for Redis to confirm the catalog-events subscription. */
export const SUBSCRIBE_TIMEOUT_MS = 15_000;
/** The latest date a JavaScript Date holds, in Unix seconds: a later `since` replays nothing anyway. */
const MAX_DATE_SECONDS = 8.64e12;
const VIDEO_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

type StreamFields = NotificationsRequest['fields'];

/**
 * The notification streams of this process (docs/dialects/invidious.md#notifications). Catalog events reach every API
 * instance through one Redis subscription per process, made when the first stream opens; each event
 * is routed in memory to the streams of its channel, so it costs one catalog read plus one write per
 * subscriber, and nothing when nobody here listens to that channel.
 */
@Injectable()
export class NotificationsService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly channel: string;
  private readonly streams = new Set<NotificationStream>();
  private readonly streamsByChannel = new Map<string, Set<NotificationStream>>();
  private subscription?: Promise<void>;
  private listening = false;
  private shuttingDown = false;
  private readonly upstreamOrigins: readonly string[] | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly sessions: SessionsService,
    private readonly catalog: CatalogService,
    private readonly videos: VideosRepository,
    private readonly playback: VideoPlayback,
  ) {
    this.channel = redis.key(...CATALOG_EVENTS_CHANNEL);
    this.upstreamOrigins = upstreamOriginsOf(config);
  }

  /** Open streams in this process (for health figures and tests). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Channels at least one open stream here listens to. */
  get routedChannels(): number {
    return this.streamsByChannel.size;
  }

  /**
   * Takes over the reply and starts the stream: headers and a first keep-alive at once, then the
   * replay (if `since`), then live events. Resolves once the headers are out; the stream lives on.
   */
  async open(owner: Principal, request: NotificationsRequest, view: EventView, reply: FastifyReply, headOnly: boolean): Promise<void> {
    if (this.shuttingDown) throw new UnavailableError('The server is shutting down; reconnect in a moment');
    await this.subscribe();

    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, EVENT_STREAM_HEADERS);
    if (headOnly) {
      response.end();
      return;
    }
    const replayFirst = request.since !== null && request.channelIds.length > 0;
    const owned = { sessionId: owner.sessionId, expiresAt: owner.expiresAt };
    const stream = new NotificationStream(response, request, owned, MAX_BUFFERED_BYTES, replayFirst, view);
    this.register(stream);
    // Hijacked replies skip the request-log hook: one line when the stream ends instead. Only the
    // request's logger and a few values are kept, not the request itself.
    const { log } = reply;
    const line = { method: reply.request.method, path: reply.request.routeOptions.url, topics: request.channelIds.length + Number(request.debug) };
    const openedAt = Date.now();
    stream.onClose((reason) =>
      log.info({ ...line, events: stream.eventCount, seconds: (Date.now() - openedAt) / 1000 }, `notification stream ended: ${reason}`),
    );
    // The client may have gone while the request was checked; its 'close' has then been emitted already.
    if (response.socket === null || response.socket.destroyed) {
      stream.drop('client disconnected');
      return;
    }

    stream.keepAlive();
    stream.every(this.config.NOTIFICATIONS_KEEPALIVE_SECONDS * 1000, () => void this.keepAlive(stream));
    if (request.debug) stream.every(this.config.NOTIFICATIONS_DEBUG_SECONDS * 1000, () => void this.sendDebugVideo(stream));
    if (replayFirst) void this.replay(stream, request.since!, request.channelIds);
  }

  /** Streams end before the HTTP server closes, which would otherwise wait for them. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const stream of this.streams) stream.end('server shutting down');
  }

  onApplicationShutdown(): void {
    if (!this.listening) return;
    this.redis.subscriber.off('message', this.onMessage);
    this.redis.subscriber.off('close', this.onSubscriberLost);
  }

  /**
   * The process's subscription to catalog events, confirmed by Redis before a stream opens: a
   * stream whose headers went out receives every event published from then on. While Redis is
   * away the confirmation waits (the client's request stays pending) for up to
   * SUBSCRIBE_TIMEOUT_MS, then the client gets a 503 and retries.
   */
  private subscribe(): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!this.listening) {
      this.listening = true;
      subscriber.on('message', this.onMessage);
      subscriber.on('close', this.onSubscriberLost);
    }
    this.subscription ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          subscriber.subscribe(this.channel),
          new Promise((_resolve, reject) => {
            timer = setTimeout(
              () => reject(new UnavailableError('Notifications are unavailable (Redis is down); reconnect in a moment')),
              SUBSCRIBE_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        this.subscription = undefined;
        throw error;
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.subscription;
  }

  /**
   * The subscriber connection dropped: events published until it is back would be lost without a
   * trace, so every stream ends and its client reconnects; the reconnection waits for a confirmed
   * subscription (ioredis also resubscribes by itself once Redis is back).
   */
  private readonly onSubscriberLost = (): void => {
    if (this.subscription === undefined && this.streams.size === 0) return;
    this.subscription = undefined;
    if (this.streams.size) this.logger.warn(`Redis connection lost: ending ${this.streams.size} notification stream(s); clients reconnect`);
    for (const stream of this.streams) stream.end('event source lost');
  };

  /** The subscriber connection is shared: other channels' messages are someone else's. */
  private readonly onMessage = (channel: string, message: string): void => {
    if (channel !== this.channel) return;
    const event = parseCatalogEvent(message);
    if (!event || !this.streamsByChannel.has(event.channelId)) return;
    this.dispatch(event).catch((error: Error) => this.logger.warn(`could not send ${event.type} ${event.videoId}: ${error.message}`));
  };

  /**
   * The video is read once; its playback fields once per distinct (origin, local) among the
   * subscribers that select any of them, and each payload serialized once per distinct `fields` of
   * those. Each group is sent as soon as its payload is ready: a slow upstream delays only the groups
   * that wait for its streams, and never longer than its timeout.
   */
  private async dispatch(event: CatalogEvent): Promise<void> {
    const found = await this.catalog.findVideo(event.videoId);
    // Re-read after the lookup: streams may have come or gone meanwhile.
    const subscribers = this.streamsByChannel.get(event.channelId);
    if (!found || !subscribers) return;
    const object = toInvidiousVideo(found.video, found.channel, new Date());
    const groups = new Map<string, { view: EventView; withPlayback: boolean; streams: NotificationStream[] }>();
    for (const stream of subscribers) {
      const withPlayback = selectsPlayback(stream.request.fields);
      const { origin, local } = stream.view;
      const key = JSON.stringify([origin, local, withPlayback]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { view: stream.view, withPlayback, streams: [] }));
      group.streams.push(stream);
    }
    await Promise.all(
      [...groups.values()].map(async ({ view, withPlayback, streams }) => {
        const playback = withPlayback ? await this.playback.bounded(event.videoId, view.origin, view.local) : NO_PLAYBACK;
        const payload = payloadsOf(this.viewed({ ...object, ...playback }, view));
        for (const stream of streams) stream.send(event.videoId, event.type === 'video.created', payload(stream.request.fields));
      }),
    );
  }

  /** `local=true` rewrites the event's URLs as the `GET` route's answer is rewritten (docs/dialects/invidious.md#local-urls). */
  private viewed(video: InvidiousVideo, view: EventView): InvidiousVideo {
    return view.local ? localizeUrls(video, view.origin, this.upstreamOrigins) : video;
  }

  private register(stream: NotificationStream): void {
    this.streams.add(stream);
    for (const channelId of stream.request.channelIds) {
      let subscribers = this.streamsByChannel.get(channelId);
      if (!subscribers) this.streamsByChannel.set(channelId, (subscribers = new Set()));
      subscribers.add(stream);
    }
    stream.onClose(() => this.unregister(stream));
  }

  private unregister(stream: NotificationStream): void {
    this.streams.delete(stream);
    for (const channelId of stream.request.channelIds) {
      const subscribers = this.streamsByChannel.get(channelId);
      subscribers?.delete(stream);
      if (subscribers?.size === 0) this.streamsByChannel.delete(channelId);
    }
  }

  /**
   * Ends the stream once its credential is revoked or expired (the session lookup is served from
   * the revocation-aware cache); otherwise sends the keep-alive. A failed lookup also ends it: the
   * client reconnects and is checked afresh.
   */
  private async keepAlive(stream: NotificationStream): Promise<void> {
    let live: boolean;
    try {
      const { sessionId, expiresAt } = stream.owner;
      live = (expiresAt === null || expiresAt >= Date.now()) && (await this.sessions.findLive(sessionId)) !== null;
    } catch (error) {
      this.logger.warn(`could not re-check a stream's credential, closing it: ${(error as Error).message}`);
      live = false;
    }
    if (!live) stream.end('credential revoked');
    else stream.keepAlive();
  }

  private async sendDebugVideo(stream: NotificationStream): Promise<void> {
    try {
      // A pseudo-random listed video: the first at or after a random id, wrapping around.
      const start = Array.from({ length: 11 }, () => VIDEO_ID_ALPHABET[randomInt(VIDEO_ID_ALPHABET.length)]).join('');
      const id = await this.videos.firstListedIdFrom(start);
      const found = id ? await this.catalog.findVideo(id) : null;
      if (found) stream.send(found.video.id, false, this.catalogPayload(found, new Date(), stream));
    } catch (error) {
      this.logger.warn(`could not pick a debug video: ${(error as Error).message}`);
    }
  }

  /**
   * A replayed or debug video: the catalog's object with empty playback lists (docs/dialects/invidious.md#notifications),
   * so a replay of many videos never turns into as many upstream reads.
   */
  private catalogPayload({ video, channel }: VideoWithChannel, now: Date, stream: NotificationStream): string {
    return payloadsOf(this.viewed(toInvidiousVideo(video, channel, now), stream.view))(stream.request.fields);
  }

  /** Sent in batches, each waiting for the client to take in the previous events; then live events follow. */
  private async replay(stream: NotificationStream, since: number, channelIds: string[]): Promise<void> {
    try {
      const ids = await this.videos.newestIdsSince(channelIds, new Date(Math.min(since, MAX_DATE_SECONDS) * 1000), REPLAY_PER_CHANNEL);
      for (let start = 0; start < ids.length && !stream.isClosed; start += REPLAY_BATCH) {
        const now = new Date();
        for (const found of await this.catalog.findVideos(ids.slice(start, start + REPLAY_BATCH))) {
          await stream.sendReplayed(this.catalogPayload(found, now, stream));
        }
      }
      stream.endReplay(new Set(ids));
    } catch (error) {
      this.logger.warn(`could not replay notifications, closing the stream: ${(error as Error).message}`);
      stream.end('replay failed');
    }
  }
}

/** Keys of the video object that come from the upstream's streams, not from the catalog. */
const PLAYBACK_KEYS: readonly (keyof Playback)[] = ['adaptiveFormats', 'formatStreams', 'captions', 'dashUrl', 'hlsUrl'];

/** Whether a stream's events show any playback field: when none is selected, its streams are not read. */
const selectsPlayback = (fields: StreamFields): boolean => fields === null || PLAYBACK_KEYS.some((key) => fields.selection.has(key));

/** The video object serialized once per distinct `fields` selection among the streams it goes to. */
function payloadsOf(object: InvidiousVideo): (fields: StreamFields) => string {
  const serialized = new Map<string, string>();
  return (fields) => {
    const key = fields?.text ?? '';
    let payload = serialized.get(key);
    if (payload === undefined) {
      payload = JSON.stringify(fields ? applyFields(object, fields.selection) : object);
      serialized.set(key, payload);
    }
    return payload;
  };
}
