import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../platform/access/public.decorator.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { requestOrigin } from '../playlists/request-origin.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import type { InvidiousChannel } from './channel-mapper.js';
import { ChannelVideosPageDto, ChannelVideosQueryDto, FeedVideoDto, InvidiousChannelDto, InvidiousVideoDto } from './catalog.dto.js';
import { PublicCatalogService, type ChannelVideosResponse } from './public-catalog.service.js';
import { ApiUpstreamResponses } from './upstream-responses.js';
import type { FeedVideo, InvidiousVideo } from './video-mapper.js';

@ApiTags('invidious')
@Controller('api/v1')
@Public()
export class CatalogController {
  constructor(
    private readonly catalog: PublicCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('videos/:id')
  @ApiOperation({ operationId: 'getVideo', summary: 'A video: from the catalog, or read through from the upstream and stored (Invidious video object)' })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ', description: '11 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousVideoDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid video ID`' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: '`Video unavailable`: not in the catalog, and the upstream (if any) does not know it' })
  @ApiUpstreamResponses('The video is not in the catalog and the youtube-rss upstream cannot look up single videos; the message names `UPSTREAM_URL`')
  getVideo(@Param('id') id: string, @Req() request: FastifyRequest): Promise<InvidiousVideo> {
    const local = (request.query as Record<string, unknown>).local;
    return this.catalog.getVideo(id, requestOrigin(this.config, request), local === 'true' || local === '1');
  }

  @Get('channels/:ucid')
  @ApiOperation({ operationId: 'getChannel', summary: 'A channel with its 30 newest videos: from the catalog, or read through from the upstream and stored' })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw', description: '`UC` + 22 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousChannelDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid channel ID`' })
  @ApiNotFoundResponse({
    type: InvidiousErrorDto,
    description: '`This channel does not exist.`: not in the catalog, and the upstream (if any) does not know it',
  })
  @ApiUpstreamResponses()
  getChannel(@Param('ucid') ucid: string): Promise<InvidiousChannel> {
    return this.catalog.getChannel(ucid);
  }

  @Get('channels/:ucid/videos')
  @ApiOperation({ operationId: 'getChannelVideos', summary: "A page of a catalog channel's videos (30 a page)" })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  @ApiOkResponse({ type: ChannelVideosPageDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid channel ID` or a bad sort_by' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: '`This channel does not exist.`' })
  @ApiUpstreamResponses()
  getChannelVideos(@Param('ucid') ucid: string, @Query() query: ChannelVideosQueryDto): Promise<ChannelVideosResponse> {
    return this.catalog.getChannelVideos(ucid, query.sort_by, query.continuation);
  }

  @Get('popular')
  @ApiOperation({ operationId: 'getPopular', summary: 'Up to 40 catalog videos: the most viewed of the last 7 days, then the newest' })
  @ApiOkResponse({ type: [FeedVideoDto] })
  getPopular(): Promise<FeedVideo[]> {
    return this.catalog.getPopular();
  }
}
