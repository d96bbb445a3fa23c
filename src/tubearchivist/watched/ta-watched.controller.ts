import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { TaBadRequestResponse } from '../archive/ta-api-responses.js';
import { TaMessageDto } from '../archive/ta-objects.dto.js';
import { TaWatchedService } from './ta-watched.service.js';
import { WatchedRequestDto, WatchedSuccessDto } from './ta-watched.dto.js';
import { WATCHED_MESSAGES, watchedTargetOf } from './watched-request.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

@TubeArchivistController('api/watched')
export class TaWatchedController {
  constructor(private readonly watched: TaWatchedService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'setWatched',
    summary: "Mark a video, or every catalog video of a channel or playlist, watched or unwatched (the caller's own state)",
    description: "The id's kind is inferred: video, then channel, then playlist. The same per-user rows as the Invidious history. Idempotent.",
  })
  @ApiBody({ type: WatchedRequestDto })
  @ApiOkResponse({ type: WatchedSuccessDto, description: 'Also for a channel or playlist without catalog videos' })
  @TaBadRequestResponse(`\`${WATCHED_MESSAGES.missing}\`, \`${WATCHED_MESSAGES.types}\` or \`${WATCHED_MESSAGES.invalidId}\``)
  @ApiNotFoundResponse({
    type: TaMessageDto,
    description: "`video not found: <id>` (`channel`, `playlist` likewise): not in the catalog, or another user's private playlist",
  })
  setWatched(@Body() body: WatchedRequestDto, @CurrentPrincipal() caller: Principal): Promise<WatchedSuccessDto> {
    return this.watched.setWatched(watchedTargetOf(body.id)!, body.is_watched, caller.userId);
  }
}
