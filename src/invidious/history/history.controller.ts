import { Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { HistoryQueryDto } from './history.dto.js';
import { HistoryService } from './history.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

const VIDEO_ID_PARAM = ApiParam({
  name: 'id',
  example: 'dQw4w9WgXcQ',
  description: 'A video id: 11 characters of A-Z a-z 0-9 _ -; the video need not be in the catalog',
});
/** What the `:id` routes refuse: a malformed id, or any change while the history is off. */
const ID_ROUTE_ERRORS = ApiInvidiousErrors({
  400: '`Invalid video id.`',
  409: '`Watch history is disabled in preferences.` (the `watch_history` preference is off); nothing changes',
});

// The :id routes read no body: clients send none, or an empty one with Content-Type application/json.
@InvidiousAuthController('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ operationId: 'getHistory', summary: "The caller's watched video ids, newest first" })
  @ApiOkResponse({
    description: 'Video ids, newest first',
    schema: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_-]{11}$' }, example: ['dQw4w9WgXcQ'] },
  })
  @ApiInvidiousErrors({ 400: '`max_results` or `page` is not an integer in range (or is given twice)' })
  getHistory(@CurrentPrincipal() caller: Principal, @Query() query: HistoryQueryDto): Promise<string[]> {
    return this.history.page(caller.userId, query);
  }

  @Post(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'markWatched',
    summary: 'Mark a video watched now',
    description: "It becomes the newest history entry and leaves the caller's feed notification list.",
  })
  @VIDEO_ID_PARAM
  @ApiNoContentResponse({ description: 'Marked' })
  @ID_ROUTE_ERRORS
  markWatched(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<void> {
    return this.history.mark(caller.userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'unmarkWatched', summary: 'Remove a video from the history (idempotent)' })
  @VIDEO_ID_PARAM
  @ApiNoContentResponse({ description: 'Not (any more) in the history' })
  @ID_ROUTE_ERRORS
  unmarkWatched(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<void> {
    return this.history.unmark(caller.userId, id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ operationId: 'clearHistory', summary: 'Clear the whole history', description: 'Also when the `watch_history` preference is off.' })
  @ApiNoContentResponse({ description: 'Cleared' })
  clearHistory(@CurrentPrincipal() caller: Principal): Promise<void> {
    return this.history.clear(caller.userId);
  }
}
