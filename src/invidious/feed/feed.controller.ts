import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { FeedDto, FeedQueryDto } from './feed.dto.js';
import { FeedService, type FeedResponse } from './feed.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';
import { SerializedBySchema } from '../../platform/openapi/response-schemas.js';

@InvidiousAuthController('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @Expensive()
  @SerializedBySchema()
  @ApiOperation({
    operationId: 'getFeed',
    summary: "The caller's subscription feed",
    description:
      "Catalog videos of the subscribed channels, newest first, paged by `max_results` and `page`, shaped by the caller's `sort`, `latest_only`, `unseen_only` and `notifications_only` preferences. " +
      'Videos on the notification list are returned in `notifications` and are then removed from it. ' +
      'The `latest_only` list (one video per channel) and the `notifications_only` list are not paged: page 1 holds all, later pages are empty.',
  })
  @ApiOkResponse({ type: FeedDto, description: 'The page, split into notified and other videos' })
  @ApiInvidiousErrors({ 400: '`max_results` or `page` is not an integer in range (or is given twice)' })
  getFeed(@CurrentPrincipal() caller: Principal, @Query() query: FeedQueryDto): Promise<FeedResponse> {
    return this.feed.getFeed(caller.userId, query);
  }
}
