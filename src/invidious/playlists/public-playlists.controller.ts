import { Get, Headers, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { InvidiousPlaylist, UpstreamPlaylist } from './playlist-mapper.js';
import { PlaylistReadDocs, PLAYLIST_SCHEMA, WINDOW_DESCRIPTION } from './playlist-docs.js';
import { PlaylistWindowQueryDto } from './playlists.dto.js';
import { PlaylistsService } from './playlists.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { PublicController } from '../../platform/http/controllers.js';
import { SerializedBySchema } from '../../platform/openapi/response-schemas.js';

@PublicController('playlists', 'api/v1/playlists')
export class PublicPlaylistsController {
  constructor(private readonly playlists: PlaylistsService) {}

  @Get(':id')
  @SerializedBySchema()
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
  @ApiInvidiousErrors({ 400: 'A bad `index`, `page` or `continuation`', 404: "`Playlist does not exist.`: unknown, or someone else's private playlist" })
  getPublicPlaylist(
    @Param('id') id: string,
    @Query() query: PlaylistWindowQueryDto,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<InvidiousPlaylist | UpstreamPlaylist> {
    return this.playlists.get(id, query.window, () => this.playlists.ownerFromCredentials(headers, id));
  }
}
