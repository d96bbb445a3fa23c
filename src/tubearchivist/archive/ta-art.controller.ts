import { Get, Param, Redirect } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Public } from '../../platform/access/public.decorator.js';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { TaArtService } from './ta-art.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

const REDIRECT = (what: string) =>
  ApiFoundResponse({ description: `Redirect to ${what}`, headers: { Location: { schema: { type: 'string', format: 'uri' }, description: 'The image URL' } } });
const NOT_FOUND = ApiNotFoundResponse({ type: TubeArchivistErrorDto, description: '`Not found.`: unknown item, or the catalog has no image for it' });

/** Found (302): the handlers return the target URL. */
interface Found {
  url: string;
}

/**
 * The art paths of TubeArchivist objects (`vid_thumb_url`, `channel_thumb_url`, …). Public: Plex
 * and Jellyfin fetch them with or without their token, so credentials are ignored.
 */
@TubeArchivistController('cache')
@Public()
export class TaArtController {
  constructor(private readonly art: TaArtService) {}

  @Get('videos/:letter/:file')
  @Redirect()
  @ApiOperation({ operationId: 'getVideoArt', summary: "A video's thumbnail" })
  @ApiParam({ name: 'letter', type: String, example: 'd', description: 'Not checked (TA: the first character of the id)' })
  @ApiParam({ name: 'file', example: 'dQw4w9WgXcQ.jpg', description: '`<video id>.jpg`' })
  @REDIRECT('the largest thumbnail')
  @NOT_FOUND
  async getVideoArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.videoArt(file) };
  }

  @Get('channels/:file')
  @Redirect()
  @ApiOperation({ operationId: 'getChannelArt', summary: "A channel's avatar or banner" })
  @ApiParam({
    name: 'file',
    example: 'UCuAXFkgsw1L7xaCfnd5JJOw_thumb.jpg',
    description: '`<channel id>_thumb.jpg` (avatar), `_banner.jpg` or `_tvart.jpg` (banner)',
  })
  @REDIRECT('the largest avatar or banner')
  @NOT_FOUND
  async getChannelArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.channelArt(file) };
  }

  @Get('playlists/:file')
  @Redirect()
  @ApiOperation({ operationId: 'getPlaylistArt', summary: "A playlist's thumbnail" })
  @ApiParam({ name: 'file', example: 'PLBCF2DAC6FFB574DE.jpg', description: '`<playlist id>.jpg`' })
  @REDIRECT('the playlist thumbnail')
  @NOT_FOUND
  async getPlaylistArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.playlistArt(file) };
  }
}
