import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { AdminOnly } from '../../platform/access/decorators.js';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { RefreshBadRequestDto, RefreshOptionsQueryDto, RefreshRequestDto, RefreshStatusDto, RefreshStatusQueryDto } from './refresh.dto.js';
import { RefreshService, type RefreshStatus } from './refresh.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

@TubeArchivistController('api/refresh')
@AdminOnly()
export class RefreshController {
  constructor(private readonly refresh: RefreshService) {}

  @Get()
  @ApiOperation({ operationId: 'getRefreshStatus', summary: "How many refresh jobs are queued, or whether one item is, and the queue's job counts" })
  @ApiOkResponse({ type: RefreshStatusDto })
  @ApiBadRequestResponse({ type: RefreshBadRequestDto, description: '`id requires type`, or a bad `type`' })
  getRefreshStatus(@Query() query: RefreshStatusQueryDto): Promise<RefreshStatus> {
    return this.refresh.getStatus(query.kind, query.item);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postRefresh',
    summary: 'Queue a refresh of videos, channels and playlists from the upstream',
    description: 'All or nothing: every id is checked first. At most 1000 ids. An item already queued is not queued twice. Answers with the body as sent.',
  })
  @ApiBody({ type: RefreshRequestDto, required: false })
  @ApiOkResponse({ type: RefreshRequestDto, description: 'The request body, unchanged' })
  @ApiBadRequestResponse({
    type: RefreshBadRequestDto,
    description: 'Not an object, an unknown key, a non-list, a bad id or more than 1000 ids; nothing was queued',
  })
  @ApiServiceUnavailableResponse({ type: TubeArchivistErrorDto, description: 'No upstream configured' })
  /** All or nothing (the pipe validated every id); answers with the body as sent. */
  async postRefresh(@Body() body: RefreshRequestDto, @Query() query: RefreshOptionsQueryDto): Promise<RefreshRequestDto> {
    await this.refresh.requestRefresh(body, query.extract_videos === true);
    return body;
  }
}
