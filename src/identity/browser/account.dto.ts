import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const CSRF = {
  example: 'mQ2dH5m1oH0V5Xk8a0k0wJ4q3y9tXJ3m8w6a1v5nE2c',
  description: 'The CSRF token of this form on the /account page (bound to the SID session, single-use, 6 hours)',
};

export class AccountRevokeFormDto {
  @ApiProperty({
    example: 'q3V9c1m0yF2hJ8kP4sT6wZ0a',
    maxLength: 64,
    description: 'The handle of the session or token, as the account page lists it (not the credential itself)',
  })
  @IsString()
  @MaxLength(64)
  session: string;

  @ApiProperty(CSRF)
  @IsString()
  @MaxLength(64)
  csrf_token: string;
}

export class AccountPasswordFormDto {
  @ApiProperty({ format: 'password', maxLength: 1024 })
  @IsString()
  @MaxLength(1024)
  current_password: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 1024, description: 'The new password (the users API rules apply: at least 8 characters)' })
  @IsString()
  @MaxLength(1024)
  new_password: string;

  @ApiProperty(CSRF)
  @IsString()
  @MaxLength(64)
  csrf_token: string;
}

export class AccountCreateUserFormDto {
  @ApiProperty({ example: 'bob', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 1024 })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ enum: ['on'], description: 'Present (`on`, a checked box) to make the user an admin' })
  @IsOptional()
  @IsIn(['on'])
  is_admin?: 'on';

  @ApiProperty(CSRF)
  @IsString()
  @MaxLength(64)
  csrf_token: string;
}

export class AccountDeleteUserFormDto {
  @ApiProperty({ example: '2', pattern: '^[1-9][0-9]{0,9}$', description: 'The id of the user to delete' })
  @IsString()
  @MaxLength(10)
  user_id: string;

  @ApiProperty(CSRF)
  @IsString()
  @MaxLength(64)
  csrf_token: string;
}

export class AccountPageQueryDto {
  @ApiPropertyOptional({ enum: ['imported'], description: 'Shows the fixed message of a finished import' })
  @IsOptional()
  @IsIn(['imported'])
  done?: string;
}
