import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiQuery, getSchemaPath } from '@nestjs/swagger';
import { InvidiousPlaylistDto, UpstreamPlaylistDto } from './playlists.dto.js';

/** OpenAPI pieces shared by the two playlist reads (`/api/v1/auth/playlists/:id`, `/api/v1/playlists/:id`). */

export const WINDOW_DESCRIPTION =
  'Up to 100 entries: with an offset above 0 the window starts at `offset − min(offset, 50)` (so `page=2` gives positions 50–149), each entry with its true `index`.';

/** Either playlist shape: tubevault's own (`invidiousPlaylist`) or a catalog upstream one (`playlist`). */
export const PLAYLIST_SCHEMA = { oneOf: [{ $ref: getSchemaPath(InvidiousPlaylistDto) }, { $ref: getSchemaPath(UpstreamPlaylistDto) }] };

/** The query parameters of the public playlist read, plus the two shapes the response may take. */
export const PlaylistReadDocs = () =>
  applyDecorators(
    ApiExtraModels(InvidiousPlaylistDto, UpstreamPlaylistDto),
    ApiQuery({ name: 'index', required: false, type: 'integer', minimum: 0, description: 'Offset of the window (≥ 0); wins over `page`' }),
    ApiQuery({ name: 'page', required: false, type: 'integer', minimum: 1, description: '≥ 1: offset (page − 1) × 100' }),
    ApiQuery({ name: 'continuation', required: false, type: String, description: 'A video id to start at; used only when the offset is 0' }),
  );
