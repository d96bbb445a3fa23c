import { Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { MAX_SUBSCRIPTIONS_PER_USER, type Subscription } from '../../catalog/subscriptions/subscription-list.js';
import { SubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsService } from '../../catalog/subscriptions/subscriptions.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

const UCID_PARAM = ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw', description: '`UC` + 22 characters of A-Z a-z 0-9 _ -' });

@InvidiousAuthController('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ operationId: 'listSubscriptions', summary: "The caller's subscribed channels, by author (ignoring case), then id" })
  @ApiOkResponse({ type: [SubscriptionDto], description: 'Every subscription of the caller' })
  listSubscriptions(@CurrentPrincipal() caller: Principal): Promise<Subscription[]> {
    return this.subscriptions.list(caller.userId);
  }

  // No body is read: Clipious subscribes with no Content-Type.
  @Post(':ucid')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'subscribe',
    summary: 'Subscribe to a channel (idempotent)',
    description: `A channel the catalog does not have yet is fetched from the upstream at once (10 s at most) and its videos are refreshed through the queue. At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user.`,
  })
  @UCID_PARAM
  @ApiNoContentResponse({ description: 'Subscribed (also when already subscribed)' })
  @ApiInvidiousErrors({
    400: `\`Invalid channel id\`, or the limit of ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions is reached`,
    404: '`Deleted or invalid channel`: the upstream does not know the channel; nothing is stored',
    502: '`Upstream error: <reason>`: the upstream failed or did not answer in 10 s',
    503: 'The channel is not in the catalog and no upstream is configured',
  })
  subscribe(@CurrentPrincipal() caller: Principal, @Param('ucid') ucid: string): Promise<void> {
    return this.subscriptions.subscribe(caller.userId, ucid);
  }

  @Delete(':ucid')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'unsubscribe',
    summary: 'Unsubscribe from a channel (idempotent)',
    description: "The channel's videos also leave the caller's notification list.",
  })
  @UCID_PARAM
  @ApiNoContentResponse({ description: 'Not subscribed (any more)' })
  @ApiInvidiousErrors({ 400: '`Invalid channel id`' })
  unsubscribe(@CurrentPrincipal() caller: Principal, @Param('ucid') ucid: string): Promise<void> {
    return this.subscriptions.unsubscribe(caller.userId, ucid);
  }
}
