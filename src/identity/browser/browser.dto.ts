import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow } from 'class-validator';
import { RequestDto } from '../../platform/http/validation.js';
import { scopesFromForm } from '../tokens/token-request.js';
import { formFields } from './form.js';
import { LIFETIME_SCHEMA } from '../tokens/tokens.dto.js';

/**
 * A form field sent once as text; a repeated field arrives as an array and counts as absent. The
 * pipe refuses nothing here: a missing or wrong field is answered by the flow, as an HTML page that
 * depends on the session (and `/authorize_token`'s form, with its `scopes[N]` keys, is read by the
 * flow itself).
 */
const TextField = () => (target: object, property: string | symbol) => {
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value : undefined))(target, property);
  Allow()(target, property);
};

/** A form; no body (or one that is not a form object) has no fields. */
@RequestDto({ dialect: 'browser' })
export class LoginFormDto {
  @ApiPropertyOptional({
    example: 'alice',
    description: 'The login name (a username, compared case-insensitively); Clipious and Invidious forms send it as `email`',
  })
  @TextField()
  email?: string;

  @ApiPropertyOptional({ example: 'alice', description: 'Same as `email`; used when `email` is absent. Required for registration' })
  @TextField()
  username?: string;

  @ApiProperty({ example: 'correct horse battery', format: 'password' })
  @TextField()
  password: string;

  @ApiPropertyOptional({
    example: '/authorize_token?scopes=%3Afeed',
    description: 'Where to go after logging in; only a local path (one leading `/`) is followed, else /docs',
  })
  @TextField()
  referer?: string;

  @ApiPropertyOptional({ enum: ['register'], description: 'Create the (non-admin) user first, then log in; only when REGISTRATION_ENABLED' })
  @TextField()
  action?: 'register';
}

@RequestDto({ dialect: 'browser' })
export class SignoutFormDto {
  @ApiProperty({
    example: 'mQ2dH5m1oH0V5Xk8a0k0wJ4q3y9tXJ3m8w6a1v5nE2c',
    description: 'The CSRF token of the sign-out form on the /login page (single-use, 6 hours)',
  })
  @TextField()
  csrf_token: string;
}

/**
 * The consent form: its `scopes[0]`, `scopes[1]`, … keys (or one `scopes`) gathered into `scopes`,
 * the other fields as sent. The pipe refuses nothing: the flow checks the CSRF token first and
 * answers a bad field with an HTML page naming it (docs/dialects/invidious.md#authorize-token-page).
 */
@RequestDto({
  dialect: 'browser',
  fields: (raw) => {
    const form = formFields(raw);
    return { scopes: scopesFromForm(form), callbackUrl: form.callbackUrl, expire: form.expire, csrf_token: form.csrf_token };
  },
})
export class AuthorizeTokenFormDto {
  @ApiProperty({ name: 'scopes[0]', type: String, example: ':feed', description: 'The first scope; further ones as `scopes[1]`, `scopes[2]`, … in order' })
  @Allow()
  scopes: unknown;

  @ApiPropertyOptional({
    type: String,
    example: 'clipious-auth://',
    maxLength: 2048,
    description: 'Redirect (302) here with `token` and `username` added, each encoded twice; empty for a page showing the token',
  })
  @Allow()
  callbackUrl?: unknown;

  @ApiPropertyOptional({ ...LIFETIME_SCHEMA, description: 'Lifetime in seconds; empty for a token that never expires' })
  @Allow()
  expire?: unknown;

  @ApiProperty({
    example: 'mQ2dH5m1oH0V5Xk8a0k0wJ4q3y9tXJ3m8w6a1v5nE2c',
    description: 'The CSRF token of the consent page (bound to the SID session, single-use, 6 hours)',
  })
  @TextField()
  csrf_token?: string;
}
