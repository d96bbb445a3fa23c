import { Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { requestOrigin } from '../playlists/request-origin.js';
import type { InvidiousChannel } from './channel-mapper.js';
import { ChannelVideosPageDto, ChannelVideosQueryDto, FeedVideoDto, InvidiousChannelDto, InvidiousVideoDto } from './catalog.dto.js';
import { PublicCatalogService, type ChannelVideosResponse } from './public-catalog.service.js';
import { ApiUpstreamResponses } from './upstream-responses.js';
import type { FeedVideo, InvidiousVideo } from './video-mapper.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { PublicController } from '../../platform/http/controllers.js';
import { SerializedBySchema } from '../../platform/openapi/response-schemas.js';

@PublicController('invidious', 'api/v1')
export class CatalogController {
  constructor(
    private readonly catalog: PublicCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('videos/:id')
  @ApiOperation({ operationId: 'getVideo', summary: 'A video: from the catalog, or read through from the upstream and stored (Invidious video object)' })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ', description: '11 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousVideoDto })
  @ApiInvidiousErrors({ 400: '`Invalid video ID`', 404: '`Video unavailable`: not in the catalog, and the upstream (if any) does not know it' })
  @ApiUpstreamResponses('The video is not in the catalog and the youtube-rss upstream cannot look up single videos; the message names `UPSTREAM_URL`')
  getVideo(@Param('id') id: string, @Req() request: FastifyRequest): Promise<InvidiousVideo> {
    const local = (request.query as Record<string, unknown>).local;
    return this.catalog.getVideo(id, requestOrigin(this.config, request), local === 'true' || local === '1');
  }

  @Get('channels/:ucid')
  @ApiOperation({ operationId: 'getChannel', summary: 'A channel with its 30 newest videos: from the catalog, or read through from the upstream and stored' })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw', description: '`UC` + 22 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousChannelDto })
  @ApiInvidiousErrors({ 400: '`Invalid channel ID`', 404: '`This channel does not exist.`: not in the catalog, and the upstream (if any) does not know it' })
  @ApiUpstreamResponses()
  getChannel(@Param('ucid') ucid: string): Promise<InvidiousChannel> {
    return this.catalog.getChannel(ucid);
  }

  @Get('channels/:ucid/videos')
  @SerializedBySchema()
  @ApiOperation({ operationId: 'getChannelVideos', summary: "A page of a catalog channel's videos (30 a page)" })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  @ApiOkResponse({ type: ChannelVideosPageDto })
  @ApiInvidiousErrors({ 400: '`Invalid channel ID` or a bad sort_by', 404: '`This channel does not exist.`' })
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
