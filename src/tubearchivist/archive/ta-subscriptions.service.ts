import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SubscriptionLimitError, SubscriptionsService } from '../../catalog/subscriptions/subscriptions.service.js';
import { ChannelResolver } from './channel-resolver.service.js';
import { taMessageError } from './ta-errors.js';
import type { ChannelReference, SubscriptionChange } from './ta-requests.js';
import { shown } from './youtube-reference.js';

/**
 * `POST /api/channel/` (docs/dialects/tubearchivist.md#subscribe): the caller's own subscriptions, in the table the
 * Invidious dialect uses. All or nothing: every item was checked, and every name is resolved before
 * anything is written, and the writes share one transaction.
 */
@Injectable()
export class TaSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
    private readonly resolver: ChannelResolver,
  ) {}

  async update(changes: SubscriptionChange[], userId: number): Promise<void> {
    // Several items may name one channel: the last one decides.
    const wanted = new Map<string, boolean>();
    for (const change of changes) wanted.set(await this.channelIdOf(change.channel, change.value), change.subscribe);
    const subscribe = [...wanted].filter(([, on]) => on).map(([id]) => id);
    const unsubscribe = [...wanted].filter(([, on]) => !on).map(([id]) => id);
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.subscriptions.addAll(manager, userId, subscribe);
        await this.subscriptions.removeAll(manager, userId, unsubscribe);
      });
    } catch (error) {
      if (error instanceof SubscriptionLimitError) throw taMessageError('invalid-input', error.message);
      throw error;
    }
    // Every subscribed channel, not only new ones: the spec refreshes on each subscribe (queued once).
    await this.subscriptions.queueRefresh(subscribe);
  }

  private async channelIdOf(channel: ChannelReference, value: string): Promise<string> {
    if (channel.kind === 'channel') return channel.id;
    const ucid = await this.resolver.resolve(channel.url);
    if (!ucid) throw taMessageError('invalid-input', `channel not found: ${shown(value)}`);
    return ucid;
  }
}
