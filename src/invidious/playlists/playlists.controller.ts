import { Body, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import type { CreatedPlaylist, InvidiousPlaylist, PlaylistVideo, UpstreamPlaylist } from './playlist-mapper.js';
import {
  AddPlaylistVideoDto,
  CreatedPlaylistDto,
  CreatePlaylistDto,
  InvidiousPlaylistDto,
  PlaylistVideoDto,
  PlaylistWindowQueryDto,
  UpdatePlaylistDto,
} from './playlists.dto.js';
import { PlaylistReadDocs, PLAYLIST_SCHEMA, WINDOW_DESCRIPTION } from './playlist-docs.js';
import { PlaylistsService } from './playlists.service.js';
import { locationBase } from './request-origin.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';
import { SerializedBySchema } from '../../platform/openapi/response-schemas.js';

const ID_PARAM = {
  name: 'id',
  example: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
  description: '`IVPL` + 31 characters for tubevault playlists; other ids name catalog (upstream) playlists',
};
const LOCATION = (what: string) => ({
  Location: {
    description: `URL of the new ${what}: absolute under PUBLIC_URL when it is set, else the path alone (never built from the Host header)`,
    schema: { type: 'string', format: 'uri-reference' },
  },
});
const NOT_FOUND = "`Playlist does not exist.`: no such playlist, or another user's private one";
const INVALID_USER = "`Invalid user`: another user's public or unlisted playlist";

@InvidiousAuthController('playlists')
@ApiInvidiousErrors({ 403: `Missing or invalid credentials, a scope that does not cover the route, or ${INVALID_USER} (writes)` })
export class PlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listPlaylists',
    summary: "The caller's playlists",
    description: 'Most recently changed first (then by id), each with its first 100 entries.',
  })
  @ApiOkResponse({ type: [InvidiousPlaylistDto] })
  listPlaylists(@CurrentPrincipal() caller: Principal): Promise<InvidiousPlaylist[]> {
    return this.playlists.list(caller.userId);
  }

  @Post()
  @ApiOperation({ operationId: 'createPlaylist', summary: 'Create a playlist', description: 'At most 100 playlists per user.' })
  @ApiBody({ type: CreatePlaylistDto })
  @ApiCreatedResponse({ type: CreatedPlaylistDto, headers: LOCATION('playlist'), description: 'Created; `title` is the stored (normalised) title' })
  @ApiInvidiousErrors({
    400: '`Invalid title.`, `Invalid privacy setting.`, a bad description, an unknown key, or `User cannot have more than 100 playlists.`',
  })
  async createPlaylist(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreatePlaylistDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedPlaylist> {
    const created = await this.playlists.create(caller.userId, body);
    void reply.header('location', `${locationBase(this.config)}/api/v1/auth/playlists/${created.playlistId}`);
    return created;
  }

  @Get(':id')
  @SerializedBySchema()
  @ApiOperation({ operationId: 'getPlaylist', summary: 'A playlist (as the public route, with the caller as reader)', description: WINDOW_DESCRIPTION })
  @ApiParam(ID_PARAM)
  @PlaylistReadDocs()
  @ApiOkResponse({ schema: PLAYLIST_SCHEMA })
  @ApiInvidiousErrors({ 400: 'A bad `index`, `page` or `continuation`', 404: NOT_FOUND })
  getPlaylist(
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
    @Query() query: PlaylistWindowQueryDto,
  ): Promise<InvidiousPlaylist | UpstreamPlaylist> {
    return this.playlists.get(id, query.window, async () => caller.userId);
  }

  @Patch(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'updatePlaylist',
    summary: 'Change title, description or privacy',
    description: 'Absent or null keys keep their values; `{}` changes nothing. `updated` moves only on a real change.',
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UpdatePlaylistDto })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiInvidiousErrors({ 400: '`Invalid title.`, `Invalid privacy setting.`, a bad description or an unknown key', 404: NOT_FOUND })
  async updatePlaylist(@CurrentPrincipal() caller: Principal, @Param('id') id: string, @Body() body: UpdatePlaylistDto): Promise<void> {
    await this.playlists.update(caller.userId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deletePlaylist', summary: 'Delete a playlist and its entries' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiInvidiousErrors({ 404: NOT_FOUND })
  async deletePlaylist(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<void> {
    await this.playlists.delete(caller.userId, id);
  }

  @Post(':id/videos')
  @ApiOperation({
    operationId: 'addPlaylistVideo',
    summary: 'Append a video',
    description: `A video the catalog lacks is fetched from the upstream first; nothing is added when that fails. At most PLAYLIST_MAX_VIDEOS (default 500) entries.`,
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: AddPlaylistVideoDto })
  @ApiCreatedResponse({ type: PlaylistVideoDto, headers: LOCATION('entry'), description: 'The new entry; `index` is the previous `videoCount`' })
  @ApiInvidiousErrors({
    400: '`Invalid videoId`, an unknown key, or `Playlist cannot have more than <N> videos`',
    404: `${NOT_FOUND}; or \`Video unavailable\`: the upstream does not know the video`,
    502: '`Upstream error: <reason>`: the upstream failed or timed out',
    503: 'No upstream is configured (or it cannot look up single videos)',
  })
  async addPlaylistVideo(
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
    @Body() body: AddPlaylistVideoDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlaylistVideo> {
    const added = await this.playlists.addVideo(caller.userId, id, body.videoId);
    void reply.header('location', `${locationBase(this.config)}/api/v1/auth/playlists/${id}/videos/${added.indexId}`);
    return added.entry;
  }

  @Delete(':id/videos/:index')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removePlaylistVideo', summary: 'Remove an entry by its indexId', description: 'The entries after it move up one position.' })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'index', example: 'B3A73CE2FF2', description: "The entry's `indexId`: 1–16 hex digits, either case" })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiInvidiousErrors({ 400: '`Invalid index`', 404: `${NOT_FOUND}; or \`Playlist does not contain index\`` })
  async removePlaylistVideo(@CurrentPrincipal() caller: Principal, @Param('id') id: string, @Param('index') index: string): Promise<void> {
    await this.playlists.removeVideo(caller.userId, id, index);
  }
}
