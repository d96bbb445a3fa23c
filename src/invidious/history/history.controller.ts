import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { HistoryQueryDto } from './history.dto.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import { HistoryService } from './history.service.js';

const VIDEO_ID_PARAM = ApiParam({
  name: 'id',
  example: 'dQw4w9WgXcQ',
  description: 'A video id: 11 characters of A-Z a-z 0-9 _ -; the video need not be in the catalog',
});
const DISABLED = ApiConflictResponse({
  type: InvidiousErrorDto,
  description: '`Watch history is disabled in preferences.` (the `watch_history` preference is off); nothing changes',
});
const INVALID_ID = ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid video id.`' });

// The :id routes read no body: clients send none, or an empty one with Content-Type application/json.
@ApiTags('history')
@Controller('api/v1/auth/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ operationId: 'getHistory', summary: "The caller's watched video ids, newest first" })
  @ApiOkResponse({
    description: 'Video ids, newest first',
    schema: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_-]{11}$' }, example: ['dQw4w9WgXcQ'] },
  })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`max_results` or `page` is not an integer in range (or is given twice)' })
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
  @INVALID_ID
  @DISABLED
  markWatched(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<void> {
    return this.history.mark(caller.userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'unmarkWatched', summary: 'Remove a video from the history (idempotent)' })
  @VIDEO_ID_PARAM
  @ApiNoContentResponse({ description: 'Not (any more) in the history' })
  @INVALID_ID
  @DISABLED
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
