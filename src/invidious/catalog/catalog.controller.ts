import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../platform/access/public.decorator.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import type { InvidiousChannel } from './channel-mapper.js';
import { ChannelVideosPageDto, ChannelVideosQueryDto, FeedVideoDto, InvidiousChannelDto, InvidiousVideoDto } from './catalog.dto.js';
import { PublicCatalogService, type ChannelVideosResponse } from './public-catalog.service.js';
import type { FeedVideo, InvidiousVideo } from './video-mapper.js';

@ApiTags('invidious')
@Controller('api/v1')
@Public()
export class CatalogController {
  constructor(private readonly catalog: PublicCatalogService) {}

  @Get('videos/:id')
  @ApiOperation({ operationId: 'getVideo', summary: 'A catalog video (Invidious video object, without streams)' })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ', description: '11 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousVideoDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid video ID`' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: '`Video unavailable`: not in the catalog' })
  getVideo(@Param('id') id: string): Promise<InvidiousVideo> {
    return this.catalog.getVideo(id);
  }

  @Get('channels/:ucid')
  @ApiOperation({ operationId: 'getChannel', summary: 'A catalog channel with its 30 newest videos' })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw', description: '`UC` + 22 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: InvidiousChannelDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid channel ID`' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: '`This channel does not exist.`: not in the catalog' })
  getChannel(@Param('ucid') ucid: string): Promise<InvidiousChannel> {
    return this.catalog.getChannel(ucid);
  }

  @Get('channels/:ucid/videos')
  @ApiOperation({ operationId: 'getChannelVideos', summary: "A page of a catalog channel's videos (30 a page)" })
  @ApiParam({ name: 'ucid', example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  @ApiOkResponse({ type: ChannelVideosPageDto })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: '`Invalid channel ID` or a bad sort_by' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: '`This channel does not exist.`' })
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
