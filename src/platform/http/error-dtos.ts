import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error under /api/v1/ (Invidious dialect). */
export class InvidiousErrorDto {
  @ApiProperty({ example: 'Invalid scope', description: 'What is wrong and how to fix it' })
  error: string;
}

/** Errors elsewhere under /api/ (TubeArchivist / Django REST framework dialect). */
export class TubeArchivistErrorDto {
  @ApiProperty({ example: 'Authentication credentials were not provided.' })
  detail: string;

  @ApiPropertyOptional({
    description: 'Per-field messages of a failed validation',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { username: ['This field is required.'] },
  })
  errors?: Record<string, string[]>;
}
