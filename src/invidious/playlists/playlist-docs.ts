import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { InvidiousPlaylistDto, UpstreamPlaylistDto } from './playlists.dto.js';

/** OpenAPI pieces shared by the two playlist reads (`/api/v1/auth/playlists/:id`, `/api/v1/playlists/:id`). */

export const WINDOW_DESCRIPTION =
  'Up to 100 entries: with an offset above 0 the window starts at `offset − min(offset, 50)` (so `page=2` gives positions 50–149), each entry with its true `index`.';

/** Either playlist shape: tubevault's own (`invidiousPlaylist`) or a catalog upstream one (`playlist`). */
export const PLAYLIST_SCHEMA = { oneOf: [{ $ref: getSchemaPath(InvidiousPlaylistDto) }, { $ref: getSchemaPath(UpstreamPlaylistDto) }] };

/** The two shapes the response may take (the window's parameters are PlaylistWindowQueryDto's). */
export const PlaylistReadDocs = () => applyDecorators(ApiExtraModels(InvidiousPlaylistDto, UpstreamPlaylistDto));
