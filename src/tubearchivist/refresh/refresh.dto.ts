import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RefreshBadRequestBody } from './refresh-request.js';
import type { RefreshStatus } from './refresh.service.js';

export class RefreshRequestDto {
  @ApiPropertyOptional({ type: [String], example: ['dQw4w9WgXcQ'], description: '11 characters of A-Z a-z 0-9 _ -' })
  video?: string[];

  @ApiPropertyOptional({ type: [String], example: ['UCuAXFkgsw1L7xaCfnd5JJOw'], description: 'UC + 22 characters' })
  channel?: string[];

  @ApiPropertyOptional({ type: [String], example: ['PLBCF2DAC6FFB574DE'], description: 'PL, UU, OL, FL or UL + 10-62 characters' })
  playlist?: string[];
}

export class RefreshStatusDto implements RefreshStatus {
  @ApiProperty({ type: 'integer', example: 2, description: 'Jobs waiting, delayed or running, of all types or of `type`' })
  total_queued: number;

  @ApiProperty({ enum: ['all', 'video', 'channel', 'playlist'], example: 'video' })
  type: string;

  @ApiProperty({
    oneOf: [{ type: 'string', enum: ['running', 'empty', 'in_queue'] }, { type: 'boolean', enum: [false] }],
    example: 'in_queue',
    description: 'Without `id`: `running` or `empty`. With `id`: `in_queue` while its job is queued or running, else `false`',
  })
  state: 'running' | 'empty' | 'in_queue' | false;

  @ApiPropertyOptional({ example: 'dQw4w9WgXcQ', description: 'The `id` asked about, as given' })
  id?: string;
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
