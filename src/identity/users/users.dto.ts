import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { UserEntity } from './user.entity.js';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from './users.service.js';

/** A user as the operator API shows it; never the password hash. */
export class UserDto {
  @ApiProperty({ type: 'integer', example: 2 })
  id: number;

  @ApiProperty({ example: 'alice', description: 'As first written; unique case-insensitively' })
  username: string;

  @ApiProperty({ example: false })
  is_admin: boolean;

  @ApiProperty({ format: 'date-time', example: '2025-11-25T14:00:00.000Z' })
  created_at: string;
}

export function toUserDto(user: UserEntity): UserDto {
  return { id: user.id, username: user.username, is_admin: user.isAdmin, created_at: user.createdAt.toISOString() };
}

/** The answer of `POST /api/users/<id>/rotate-ta-token/`. */
export class RotateTaTokenResultDto {
  @ApiProperty({ type: 'integer', example: 2 })
  user_id: number;

  @ApiProperty({
    example: true,
    description: 'True when the user had a TubeArchivist token, now refused by every instance; false when there was none to revoke',
  })
  revoked: boolean;
}

export class CreateUserDto {
  @ApiProperty({
    type: 'string',
    example: 'alice',
    minLength: 1,
    maxLength: 64,
    pattern: USERNAME_PATTERN.source,
    description:
      'Latin letters a-z and A-Z, digits and _ . @ + - (letters of other scripts and look-alike forms such as fullwidth letters are refused); compared case-insensitively, after NFKC normalisation',
  })
  @IsString()
  // The pattern also bounds the length (1-64 characters, as the database counts them).
  @Matches(USERNAME_PATTERN, { message: 'username must be 1-64 letters, digits or _ . @ + -' })
  username: string;

  @ApiProperty({ type: 'string', format: 'password', example: 'correct horse battery', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiPropertyOptional({ type: 'boolean', example: false, default: false })
  @IsOptional()
  @IsBoolean()
  is_admin?: boolean;
}
