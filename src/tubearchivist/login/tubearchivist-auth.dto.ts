import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ApiError } from '../../platform/http/api-error.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';

const FIELD_MESSAGES = { missing: 'This field is required.', blank: 'This field may not be blank.', type: 'Not a valid string.' };

/** DRF's rules of a required string field, checked after the username is trimmed. */
function stringFieldProblem(value: unknown): string | null {
  if (value === undefined || value === null) return FIELD_MESSAGES.missing;
  if (typeof value !== 'string') return FIELD_MESSAGES.type;
  return value === '' ? FIELD_MESSAGES.blank : null;
}

/** JSON or a form; refused DRF-style, every field's problem at once: `{"username": ["This field is required."], …}`. */
@RequestDto({
  dialect: 'tubearchivist',
  error: (failures) => new ApiError(400, Object.fromEntries(failures.map((failure) => [failure.property, [failure.message]]))),
})
export class TaLoginDto {
  @ApiProperty({ example: 'tubearchivist', description: 'Compared case-insensitively' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Rule('drfString', stringFieldProblem)
  username: string;

  @ApiProperty({ example: 'verysecret', format: 'password' })
  @Rule('drfString', stringFieldProblem)
  password: string;
}

export class TaLoginResponseDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwic2lkIjoidjE6…',
    description: 'The same token on every login until its session is revoked',
  })
  token: string;

  @ApiProperty({ type: 'integer', example: 1 })
  user_id: number;
}

export class TaLoginErrorDto {
  @ApiProperty({ type: [String], required: false, example: ['Unable to log in with provided credentials.'] })
  non_field_errors?: string[];

  @ApiProperty({ type: [String], required: false, example: ['This field is required.'] })
  username?: string[];

  @ApiProperty({ type: [String], required: false, example: ['This field may not be blank.'] })
  password?: string[];
}

export class PingDto {
  @ApiProperty({ enum: ['pong'], example: 'pong' })
  response: 'pong';

  @ApiProperty({ type: 'integer', example: 1, description: "The caller's user id" })
  user: number;

  @ApiProperty({ example: 'v0.4.13', description: "The TubeArchivist API level tubevault implements (not tubevault's own version)" })
  version: string;
}
