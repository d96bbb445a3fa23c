import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class InvidiousTokenDto {
  @ApiProperty({ example: 'v1:YUwKEL1XwHQzp7-AAAAAAAAAAAAAAAAAAAAAAAAAAAA=', description: 'Session id: v1: + base64url of 32 bytes', minLength: 47, maxLength: 47 })
  session: string;

  @ApiProperty({ type: [String], example: ['GET:notifications'] })
  scopes: string[];

  @ApiPropertyOptional({ type: 'integer', format: 'int64', example: 1900000000, description: 'Absolute expiry (unix seconds); absent when the token never expires' })
  expire?: number;

  @ApiProperty({ example: 'jNYdAAAAAAAAAAAAAAAAAAAAAAAAAAAAVAXGb__2Gv-w=', description: 'base64url(HMAC-SHA256) of the canonical token string, = padded' })
  signature: string;
}

export class RegisterTokenDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    example: ['GET:feed', ':playlists*'],
    description: 'METHOD1;METHOD2:ENDPOINT(*)? scopes, each covered by the caller\'s own scopes',
  })
  scopes: string[];

  @ApiPropertyOptional({ example: 'https://app.example/invidious/auth', maxLength: 2048, description: 'Redirect (302) here with token=<double-encoded token> instead of answering the token' })
  callbackUrl?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 2147483647, example: 3600, description: 'Lifetime in seconds; default: the caller\'s own expiry' })
  expire?: number;
}

export class TokenListEntryDto {
  @ApiProperty({ example: 'v1:YUwKEL1XwHQzp7-AAAAAAAAAAAAAAAAAAAAAAAAAAAA=' })
  session: string;

  @ApiProperty({ type: 'integer', format: 'int64', example: 1700000000, description: 'Issue time (unix seconds)' })
  issued: number;

  @ApiProperty({ type: [String], example: [':feed'] })
  scopes: string[];

  @ApiPropertyOptional({ type: 'integer', format: 'int64', example: 1900000000 })
  expire?: number;
}

export class UnregisterTokenDto {
  @ApiPropertyOptional({ example: 'v1:YUwKEL1XwHQzp7-AAAAAAAAAAAAAAAAAAAAAAAAAAAA=', description: 'Session to revoke; default: the caller\'s own' })
  session?: string;
}
