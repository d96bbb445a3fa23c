import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, ValidateIf } from 'class-validator';
import { REFRESH_KINDS, type RefreshKind } from '../../catalog/refresh/refresh-jobs.js';
import { ApiError } from '../../platform/http/api-error.js';
import { jsonObjectBody, RequestDto, Rule, type RequestFailure } from '../../platform/http/validation.js';
import {
  invalidIdsOf,
  isRefreshKind,
  MAX_IDS_PER_REQUEST,
  parseExtractVideos,
  presentParameter,
  REFRESH_MESSAGES,
  totalIdsOf,
  type RefreshBadRequestBody,
} from './refresh-request.js';
import type { RefreshCounts, RefreshStatus } from './refresh.service.js';

const badRequest = (message: string, errors?: Record<string, string[]>) =>
  new ApiError(400, errors ? { status: 'Bad Request', message, errors } : { status: 'Bad Request', message });

/**
 * All or nothing, in three steps: the shape (every unknown key and non-list named), then the
 * number of ids, then every bad id named, per list.
 */
function refreshBodyError(failures: RequestFailure[]): ApiError {
  const step = failures[0].step;
  const first = failures.filter((failure) => failure.step === step);
  if (step === 0) {
    const errors = Object.fromEntries(first.map((failure) => [failure.property, [failure.message]]));
    return badRequest(first.length === 1 ? first[0].message : REFRESH_MESSAGES.problems(first.length), errors);
  }
  if (step === 2) {
    const errors = Object.fromEntries(first.map((failure) => [failure.property, invalidIdsOf(failure.property as RefreshKind, failure.value as unknown[])]));
    return badRequest(REFRESH_MESSAGES.invalidIds(Object.values(errors).flat().length), errors);
  }
  return badRequest(first[0].message);
}

/** The rules of one id list: a list (step 0), at most 1000 ids in all (1), every id valid (2). */
function IdList(kind: RefreshKind): PropertyDecorator {
  return (target, property) => {
    ValidateIf((body: Record<string, unknown>) => body[kind] !== undefined)(target, property);
    Rule('refreshIdList', (ids) => (Array.isArray(ids) ? null : REFRESH_MESSAGES.notList(kind)), 0)(target, property);
    Rule('refreshIdCount', (_ids, body) => (totalIdsOf(body) > MAX_IDS_PER_REQUEST ? REFRESH_MESSAGES.tooMany(totalIdsOf(body)) : null), 1)(target, property);
    Rule(
      'refreshIds',
      (ids) => (Array.isArray(ids) && invalidIdsOf(kind, ids).length ? REFRESH_MESSAGES.invalidIds(invalidIdsOf(kind, ids).length) : null),
      2,
    )(target, property);
  };
}

/** No body counts as `{}`; anything else but a JSON object is refused. */
@RequestDto({
  dialect: 'tubearchivist',
  fields: jsonObjectBody(REFRESH_MESSAGES.notObject),
  unknownField: { message: REFRESH_MESSAGES.unknownKey },
  error: refreshBodyError,
})
export class RefreshRequestDto {
  @ApiPropertyOptional({ type: [String], example: ['dQw4w9WgXcQ'], description: '11 characters of A-Z a-z 0-9 _ -' })
  @IdList('video')
  video?: string[];

  @ApiPropertyOptional({ type: [String], example: ['UCuAXFkgsw1L7xaCfnd5JJOw'], description: 'UC + 22 characters' })
  @IdList('channel')
  channel?: string[];

  @ApiPropertyOptional({ type: [String], example: ['PLBCF2DAC6FFB574DE'], description: 'PL, UU, OL, FL or UL + 10-62 characters' })
  @IdList('playlist')
  playlist?: string[];
}

/** `POST /api/refresh/`'s query: other parameters are ignored. */
@RequestDto({ dialect: 'tubearchivist' })
export class RefreshOptionsQueryDto {
  @ApiPropertyOptional({
    type: String,
    description: 'Channels and playlists: refresh every video too. Empty, false, 0, no and off mean false; any other value true',
  })
  @Transform(({ value }: { value: unknown }) => parseExtractVideos(value))
  @Allow()
  extract_videos: boolean;
}

/** `GET /api/refresh/`'s query: `type` is checked first, then `id` (which needs `type`); an empty value counts as absent. */
@RequestDto({ dialect: 'tubearchivist', error: ([first]) => badRequest(first.message) })
export class RefreshStatusQueryDto {
  @ApiPropertyOptional({ type: String, description: 'Needs `type`' })
  @Rule('refreshIdNeedsType', (id, query) => (presentParameter(id) && !presentParameter(query.type) ? REFRESH_MESSAGES.idWithoutType : null), 1)
  @Rule('refreshIdOnce', (id) => (presentParameter(id) && typeof id !== 'string' ? REFRESH_MESSAGES.idTwice : null), 2)
  id?: string;

  @ApiPropertyOptional({ enum: REFRESH_KINDS })
  @Rule('refreshKind', (type) => (presentParameter(type) && !isRefreshKind(type) ? REFRESH_MESSAGES.badType : null), 0)
  type?: string;

  /** The type asked about, null for all. */
  get kind(): RefreshKind | null {
    return presentParameter(this.type) ? (this.type as RefreshKind) : null;
  }

  /** The id asked about, null for none. */
  get item(): string | null {
    return presentParameter(this.id) ? (this.id as string) : null;
  }
}

export class RefreshCountsDto implements RefreshCounts {
  @ApiProperty({ type: 'integer', minimum: 0, example: 3, description: 'Jobs waiting (or paused) and delayed, a failed job waiting for its retry included' })
  queued: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1, description: 'Jobs a worker is running now' })
  active: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 120, description: 'Completed jobs the queue still keeps (the newest 1000)' })
  done: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 2, description: 'Jobs that failed for good, retries spent (the newest 5000 kept)' })
  failed: number;
}

export class RefreshStatusDto implements RefreshStatus {
  @ApiProperty({ type: 'integer', example: 2, description: 'Jobs waiting, delayed or running, of all types or of `type`' })
  total_queued: number;

  @ApiProperty({ enum: ['all', 'video', 'channel', 'playlist'], example: 'video' })
  type: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['running', 'empty', 'in_queue'] },
      { type: 'boolean', enum: [false] },
    ],
    example: 'in_queue',
    description: 'Without `id`: `running` or `empty`. With `id`: `in_queue` while its job is queued or running, else `false`',
  })
  state: 'running' | 'empty' | 'in_queue' | false;

  @ApiPropertyOptional({ example: 'dQw4w9WgXcQ', description: 'The `id` asked about, as given' })
  id?: string;

  @ApiProperty({
    type: RefreshCountsDto,
    description:
      "tubevault's own: Bull's job counts of the whole refresh queue, whatever `type` and `id` say, the scheduled refresh of subscribed channels included",
  })
  counts: RefreshCountsDto;
}

export class RefreshBadRequestDto implements RefreshBadRequestBody {
  @ApiProperty({ enum: ['Bad Request'], example: 'Bad Request' })
  status: 'Bad Request';

  @ApiProperty({ example: '2 invalid ids; nothing was queued' })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { video: ['"abc": a video id is 11 characters of A-Z a-z 0-9 _ -'] },
    description: 'Every problem, by body key',
  })
  errors?: Record<string, string[]>;
}
