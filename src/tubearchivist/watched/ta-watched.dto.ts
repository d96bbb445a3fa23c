import { ApiProperty } from '@nestjs/swagger';
import { ApiError } from '../../platform/http/api-error.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import { WATCHED_MESSAGES, watchedTargetOf } from './watched-request.js';

const absent = (value: unknown) => value === undefined || value === null;

/** Both fields present first, then their types, then the id's kind. Anything but an object counts as `{}`. */
@RequestDto({ dialect: 'tubearchivist', error: ([first]) => new ApiError(400, { message: first.message }) })
export class WatchedRequestDto {
  @ApiProperty({
    example: 'dQw4w9WgXcQ',
    description: 'A video id, or a channel or playlist id (an upstream `PL…`/`UU…` list or a tubevault `IVPL…` one) to set all its catalog videos',
  })
  @Rule('watchedIdPresent', (id) => (absent(id) || id === '' ? WATCHED_MESSAGES.missing : null), 0)
  @Rule('watchedIdType', (id) => (typeof id !== 'string' ? WATCHED_MESSAGES.types : null), 1)
  @Rule('watchedIdKind', (id) => (typeof id === 'string' && watchedTargetOf(id) ? null : WATCHED_MESSAGES.invalidId), 2)
  id: string;

  @ApiProperty({ example: true, description: 'true marks watched (now), false unmarks' })
  @Rule('isWatchedPresent', (value) => (absent(value) ? WATCHED_MESSAGES.missing : null), 0)
  @Rule('isWatchedType', (value) => (typeof value !== 'boolean' ? WATCHED_MESSAGES.types : null), 1)
  is_watched: boolean;
}

export class WatchedSuccessDto {
  @ApiProperty({ enum: ['success'], example: 'success' })
  message: 'success';
}
