import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DecimalInteger } from '../http/validation.js';
import type { AuditEventEntity } from './audit-event.entity.js';
import { AUDIT_EVENT_TYPES } from './audit.service.js';

export const AUDIT_PAGE_SIZE_MAX = 100;
export const AUDIT_PAGE_SIZE_DEFAULT = 50;

export class AuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1, description: 'Page number, 1 = the newest events' })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: AUDIT_PAGE_SIZE_MAX, default: AUDIT_PAGE_SIZE_DEFAULT })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_SIZE_MAX)
  page_size?: number;
}

export class AuditEventDto {
  @ApiProperty({ type: 'integer', example: 42, description: 'Increasing: a later event has a larger id' })
  id: number;

  @ApiProperty({ format: 'date-time', example: '2025-11-25T14:00:00.000Z' })
  at: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES, example: 'login.success' })
  type: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 1,
    description: 'The user who acted (who logged in, for logins); null for failed logins and for the CLI',
  })
  actor_user_id: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'user:2',
    description:
      'What was acted on: `user:<id>`, `token:<fingerprint>` (a hash of the session id, never the id), `cookie`, or the attempted `username:<name>` of a login',
  })
  target: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '203.0.113.7',
    description: "The client's IP (the proxy's X-Forwarded-For with TRUST_PROXY); null outside a request",
  })
  ip: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'f3b0c442-98fc-4c9d-9b0d-1c6f0e7b2a51', description: 'The request id, as in the request log line' })
  request_id: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { via: 'ta-api' },
    description: 'Event-specific facts; never a password, token, session id or cookie text',
  })
  details: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' })
  events: AuditEventDto[];

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: AUDIT_PAGE_SIZE_DEFAULT })
  page_size: number;

  @ApiProperty({ type: 'integer', example: 123, description: 'Events in the whole log' })
  total: number;
}

export function toAuditEventDto(event: AuditEventEntity): AuditEventDto {
  return {
    id: Number(event.id),
    at: event.at.toISOString(),
    type: event.type,
    actor_user_id: event.actorUserId,
    target: event.target,
    ip: event.ip,
    request_id: event.requestId,
    details: event.details,
  };
}
