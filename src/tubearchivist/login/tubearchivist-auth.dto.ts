import { ApiProperty } from '@nestjs/swagger';

export class TaLoginDto {
  @ApiProperty({ example: 'tubearchivist', description: 'Compared case-insensitively' })
  username: string;

  @ApiProperty({ example: 'verysecret', format: 'password' })
  password: string;
}

export class TaLoginResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwic2lkIjoidjE6…', description: 'The same token on every login until its session is revoked' })
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

  @ApiProperty({ type: 'integer', example: 1, description: 'The caller\'s user id' })
  user: number;

  @ApiProperty({ example: 'v0.4.13', description: 'The TubeArchivist API level tubevault implements (not tubevault\'s own version)' })
  version: string;
}
