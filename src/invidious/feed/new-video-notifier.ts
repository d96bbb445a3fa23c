import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CATALOG_EVENTS_CHANNEL, parseCatalogEvent } from '../../catalog/media/catalog-events.js';
import { RedisService } from '../../platform/redis/redis.module.js';
import { FeedNotificationsRepository } from './feed-notifications.repository.js';

/** Long enough to outlast any redelivery; the claim only de-duplicates work across processes. */
const CLAIM_SECONDS = 24 * 3600;

/**
 * Feeds `video.created` catalog events into the notification list. Every process subscribes once
 * (on the process's shared subscriber connection); the first process to claim an event in Redis
 * writes it, so N API and worker processes do the work once. Delivery is at most once, like the
 * events themselves.
 */
@Injectable()
export class NewVideoNotifier implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NewVideoNotifier');
  private readonly channel: string;
  private readonly onMessage = (channel: string, message: string) => {
    if (channel === this.channel) void this.handle(message);
  };

  constructor(
    private readonly redis: RedisService,
    private readonly store: FeedNotificationsRepository,
  ) {
    this.channel = redis.key(...CATALOG_EVENTS_CHANNEL);
  }

  onApplicationBootstrap(): void {
    const subscriber = this.redis.subscriber;
    subscriber.on('message', this.onMessage);
    // Not awaited: with Redis down the command would wait for it and hold up start-up; ioredis
    // sends it (and re-sends it after every reconnect) once connected.
    subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`cannot subscribe to catalog events: ${error.message}`));
  }

  /** The channel stays subscribed: the connection is shared with other readers of the events and closes at shutdown. */
  onModuleDestroy(): void {
    this.redis.subscriber.off('message', this.onMessage);
  }

  private async handle(message: string): Promise<void> {
    const event = parseCatalogEvent(message);
    if (event?.type !== 'video.created') return;
    try {
      const claimed = await this.redis.commands.set(this.redis.key('feed', 'notified', event.videoId), '1', 'EX', CLAIM_SECONDS, 'NX');
      if (claimed === 'OK') await this.store.addNewVideo(event.videoId);
    } catch (error) {
      this.logger.warn(`notification of new video ${event.videoId} lost: ${(error as Error).message}`);
    }
  }
}
