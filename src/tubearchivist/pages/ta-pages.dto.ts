import { ApiProperty } from '@nestjs/swagger';
import { Rule, RequestDto } from '../../platform/http/validation.js';
import { isVideoId } from '../../catalog/media/ids.js';

/** Why a `v` is refused, or null: the message the 400 page shows. */
export function watchVideoProblem(value: unknown): string | null {
  if (value === undefined || value === '') return 'v is missing: give the video id, e.g. /watch?v=dQw4w9WgXcQ';
  if (typeof value !== 'string') return 'v is given more than once: give one video id, e.g. /watch?v=dQw4w9WgXcQ';
  return isVideoId(value) ? null : 'v is not a video id: it must be 11 characters of A-Z a-z 0-9 _ -, e.g. /watch?v=dQw4w9WgXcQ';
}

/** The query of the Invidious-style `/watch?v=<id>` (docs/dialects/invidious.md#watch-page). Other parameters (`t`, `list`…) are ignored. */
@RequestDto({ dialect: 'browser' })
export class WatchQueryDto {
  @ApiProperty({ description: 'YouTube video id: 11 characters of A-Z a-z 0-9 _ -', example: 'dQw4w9WgXcQ', pattern: '^[A-Za-z0-9_-]{11}$' })
  @Rule('watchVideoId', watchVideoProblem)
  v!: string;
}
