import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../platform/access/public.decorator.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import type { InvidiousPlaylist, UpstreamPlaylist } from './playlist-mapper.js';
import { PlaylistReadDocs, PLAYLIST_SCHEMA, WINDOW_DESCRIPTION } from './playlist-docs.js';
import { PlaylistWindowQueryDto } from './playlists.dto.js';
import { PlaylistsService } from './playlists.service.js';

@ApiTags('playlists')
@Controller('api/v1/playlists')
@Public()
export class PublicPlaylistsController {
  constructor(private readonly playlists: PlaylistsService) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'getPublicPlaylist',
    summary: 'A playlist: public and unlisted ones for anyone, a private one for its owner',
    description: `${WINDOW_DESCRIPTION} Credentials are optional: a valid one identifies the owner only if its scopes allow \`GET:playlists/<id>\`; invalid ones count as anonymous.`,
  })
  @ApiParam({
    name: 'id',
    example: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
    description: '`IVPL…` for tubevault playlists; other ids name catalog (upstream) playlists',
  })
  @PlaylistReadDocs()
  @ApiOkResponse({ schema: PLAYLIST_SCHEMA })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: 'A bad `index`, `page` or `continuation`' })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: "`Playlist does not exist.`: unknown, or someone else's private playlist" })
  getPublicPlaylist(
    @Param('id') id: string,
    @Query() query: PlaylistWindowQueryDto,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<InvidiousPlaylist | UpstreamPlaylist> {
    return this.playlists.get(id, query.window, () => this.playlists.ownerFromCredentials(headers, id));
  }
}
