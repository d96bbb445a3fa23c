import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { invidiousError } from '../../platform/http/api-error.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import { MAX_TOKEN_LIFETIME_SECONDS } from './tokens.service.js';
import { callbackUrlProblem, expireProblem, registerRequestOf, REGISTER_MESSAGES, scopesProblem, type RegisterRequest } from './token-request.js';

const isObject = (body: unknown): body is Record<string, unknown> => body !== null && typeof body === 'object' && !Array.isArray(body);

/** Unknown keys are reported, together, before any field. */
const UNKNOWN_KEY_STEP = -1;

/** A requested token lifetime (`expire`) as documented: whole seconds, 1 to MAX_TOKEN_LIFETIME_SECONDS. */
export const LIFETIME_SCHEMA = { type: 'integer', minimum: 1, maximum: MAX_TOKEN_LIFETIME_SECONDS, example: 3600 } as const;

export class InvidiousTokenDto {
  @ApiProperty({
    example: 'v1:YUwKEL1XwHQzp7-AAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    description: 'Session id: v1: + base64url of 32 bytes',
    minLength: 47,
    maxLength: 47,
  })
  session: string;

  @ApiProperty({ type: [String], example: ['GET:notifications'] })
  scopes: string[];

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    example: 1900000000,
    description: 'Absolute expiry (unix seconds); absent when the token never expires',
  })
  expire?: number;

  @ApiProperty({ example: 'jNYdAAAAAAAAAAAAAAAAAAAAAAAAAAAAVAXGb__2Gv-w=', description: 'base64url(HMAC-SHA256) of the canonical token string, = padded' })
  signature: string;
}

/** JSON, or a form whose fields were put in the JSON shape (see RegisterTokenFields). */
@RequestDto({
  dialect: 'invidious',
  fields: (body) => (isObject(body) ? body : REGISTER_MESSAGES.notAnObject),
  unknownField: { message: (key) => key, step: UNKNOWN_KEY_STEP },
  error: (failures) => {
    const unknown = failures.filter((failure) => failure.step === UNKNOWN_KEY_STEP).map((failure) => failure.property);
    return invidiousError(400, unknown.length ? REGISTER_MESSAGES.unknownKeys(unknown) : failures[0].message);
  },
})
export class RegisterTokenDto {
  @Rule('tokenScopes', scopesProblem, 0)
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    example: ['GET:feed', ':playlists*'],
    description: "METHOD1;METHOD2:ENDPOINT(*)? scopes, each covered by the caller's own scopes",
  })
  scopes: string[];

  @ApiPropertyOptional({
    example: 'https://app.example/invidious/auth',
    maxLength: 2048,
    description: 'Redirect (302) here with token=<double-encoded token> instead of answering the token',
  })
  @Rule('tokenCallbackUrl', callbackUrlProblem, 2)
  callbackUrl?: string;

  @ApiPropertyOptional({ ...LIFETIME_SCHEMA, description: "Lifetime in seconds; default: the caller's own expiry" })
  @Rule('tokenExpire', expireProblem, 1)
  expire?: number;

  toRequest(): RegisterRequest {
    return registerRequestOf(this);
  }
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

  @ApiPropertyOptional({
    example: 'https://app.example',
    maxLength: 2048,
    description: "Minted through /authorize_token with a callback: that callback's scheme://host[:port] (clipious-auth:// for a bare app scheme)",
  })
  callbackOrigin?: string;
}

/** JSON or a form; no body (or null) means the caller's own session. */
@RequestDto({
  dialect: 'invidious',
  fields: (body) => (body === undefined || body === null ? {} : isObject(body) ? body : 'Send a JSON object {"session": "v1:…"} or no body'),
})
export class UnregisterTokenDto {
  @ApiPropertyOptional({ example: 'v1:YUwKEL1XwHQzp7-AAAAAAAAAAAAAAAAAAAAAAAAAAAA=', description: "Session to revoke; default: the caller's own" })
  @Rule('sessionString', (session) => (session !== undefined && session !== null && typeof session !== 'string' ? 'session must be a string' : null))
  session?: string;
}
