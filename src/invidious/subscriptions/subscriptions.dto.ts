import { ApiProperty } from '@nestjs/swagger';
import type { Subscription } from '../../catalog/subscriptions/subscription-list.js';

/** docs/dialects/invidious.md#subscriptions. */
export class SubscriptionDto implements Subscription {
  @ApiProperty({ example: 'Rick Astley', description: 'The channel name; "" while the catalog does not know it yet (the channel awaits its first refresh)' })
  author: string;

  @ApiProperty({ example: 'UCuAXFkgsw1L7xaCfnd5JJOw', pattern: '^UC[A-Za-z0-9_-]{22}$', description: 'The channel id (ucid)' })
  authorId: string;
}
