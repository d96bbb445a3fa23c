import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { TaChannelSearchErrorDto, TaChannelSearchQueryDto, TaSubscriptionRequestDto } from './ta-compat.dto.js';
import { TaDetailService, type TaDetail } from './ta-detail.service.js';
import { TaBadRequestResponse } from './ta-api-responses.js';
import { TaChannelDetailDto, TaDetailNotFoundDto } from './ta-objects.dto.js';
import type { Scored, TaChannel } from './ta-objects.js';
import { subscriptionChangesOf } from './ta-requests.js';
import { TaSubscriptionsService } from './ta-subscriptions.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

type ChannelDetail = TaDetail<Scored<TaChannel, 'ta_channel'>>;

const NO_RESOLVER = ApiServiceUnavailableResponse({
  type: TubeArchivistErrorDto,
  description: 'A handle or channel name needs the upstream (UPSTREAM_URL), which is unset or not answering',
});

@TubeArchivistController('api/channel')
@ApiExtraModels(TaChannelSearchErrorDto, TaDetailNotFoundDto)
export class TaChannelController {
  constructor(
    private readonly details: TaDetailService,
    private readonly subscriptions: TaSubscriptionsService,
  ) {}

  // Declared before `:id`; the router prefers the static segment anyway.
  @Get('search')
  @ApiOperation({ operationId: 'searchTaChannel', summary: 'Find a catalog channel by id, `@handle` or channel URL (as the browser extension does)' })
  @ApiOkResponse({ type: TaChannelDetailDto })
  @TaBadRequestResponse('`q` missing or empty, or it names a video or playlist (`expected type channel`)', TaChannelSearchErrorDto)
  @ApiNotFoundResponse({
    description: '`q` cannot be parsed or resolved (`{"message","data":false}`), or the channel is not in the catalog (`{"data":false,"config"}`)',
    schema: { anyOf: [{ $ref: getSchemaPath(TaChannelSearchErrorDto) }, { $ref: getSchemaPath(TaDetailNotFoundDto) }] },
  })
  @NO_RESOLVER
  searchTaChannel(@Query() query: TaChannelSearchQueryDto, @CurrentPrincipal() caller: Principal): Promise<ChannelDetail> {
    return this.details.searchChannel(query.q, caller.userId);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTaChannel', summary: "A catalog channel as a TubeArchivist channel object, in TA v0.4's `data` envelope" })
  @ApiParam({ name: 'id', example: 'UCuAXFkgsw1L7xaCfnd5JJOw', description: '`UC` + 22 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: TaChannelDetailDto, description: "`channel_subscribed` is the caller's" })
  @ApiNotFoundResponse({ type: TaDetailNotFoundDto, description: 'Not in the catalog (any id that is not): `data` is false' })
  getTaChannel(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<ChannelDetail> {
    return this.details.channel(id, caller.userId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updateTaChannelSubscriptions',
    summary: "Subscribe to or unsubscribe from channels (the caller's own subscriptions, shared with the Invidious dialect)",
    description:
      'All or nothing: every item is checked and every handle resolved before anything changes. Subscribing is idempotent and, with an upstream, queues a refresh of the channel; unsubscribing a channel not subscribed to is a no-op. Answers with the body as sent.',
  })
  @ApiBody({ type: TaSubscriptionRequestDto })
  @ApiOkResponse({ type: TaSubscriptionRequestDto, description: 'The request body, unchanged' })
  @TaBadRequestResponse(
    '`missing expected data key`; a malformed item (named by index) or more than 1000; `expected type channel: <value>`; `invalid domain: <host>`; `channel not found: <value>`; or the subscription limit. Nothing changed',
  )
  @NO_RESOLVER
  async updateTaChannelSubscriptions(@Body() body: TaSubscriptionRequestDto, @CurrentPrincipal() caller: Principal): Promise<TaSubscriptionRequestDto> {
    await this.subscriptions.update(subscriptionChangesOf(body.data), caller.userId);
    return body;
  }
}
