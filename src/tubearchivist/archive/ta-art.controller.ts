import { applyDecorators, Get, Param, Redirect } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Public } from '../../platform/access/public.decorator.js';
import { ApiTubeArchivistErrors } from '../../platform/openapi/error-responses.js';
import { TaArtService } from './ta-art.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

/** What every art route answers: a redirect (302) to the image, or 404. */
const RedirectToArt = (what: string) =>
  applyDecorators(
    Redirect(),
    ApiFoundResponse({
      description: `Redirect to ${what}`,
      headers: { Location: { schema: { type: 'string', format: 'uri' }, description: 'The image URL' } },
    }),
    ApiTubeArchivistErrors({ 404: '`Not found.`: unknown item, or the catalog has no image for it' }),
  );

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
  @ApiOperation({ operationId: 'getVideoArt', summary: "A video's thumbnail" })
  @ApiParam({ name: 'letter', type: String, example: 'd', description: 'Not checked (TA: the first character of the id)' })
  @ApiParam({ name: 'file', example: 'dQw4w9WgXcQ.jpg', description: '`<video id>.jpg`' })
  @RedirectToArt('the largest thumbnail')
  async getVideoArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.videoArt(file) };
  }

  @Get('channels/:file')
  @ApiOperation({ operationId: 'getChannelArt', summary: "A channel's avatar or banner" })
  @ApiParam({
    name: 'file',
    example: 'UCuAXFkgsw1L7xaCfnd5JJOw_thumb.jpg',
    description: '`<channel id>_thumb.jpg` (avatar), `_banner.jpg` or `_tvart.jpg` (banner)',
  })
  @RedirectToArt('the largest avatar or banner')
  async getChannelArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.channelArt(file) };
  }

  @Get('playlists/:file')
  @ApiOperation({ operationId: 'getPlaylistArt', summary: "A playlist's thumbnail" })
  @ApiParam({ name: 'file', example: 'PLBCF2DAC6FFB574DE.jpg', description: '`<playlist id>.jpg`' })
  @RedirectToArt('the playlist thumbnail')
  async getPlaylistArt(@Param('file') file: string): Promise<Found> {
    return { url: await this.art.playlistArt(file) };
  }
}
