import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiError } from '../../platform/http/api-error.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';

export const COOKIE_MISSING = 'missing cookie key in request data';

export class CookieStatusDto {
  @ApiProperty({ example: true, description: 'A cookie is stored (one that no longer decrypts, after a SECRET_KEY change, counts as absent)' })
  cookie_enabled: boolean;

  @ApiProperty({ example: true, description: 'Outcome of the latest check; false when no cookie is stored' })
  status: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    example: 1680953715,
    description: 'Time of the latest check (unix seconds); only with a stored cookie',
  })
  validated?: number;

  @ApiPropertyOptional({ example: '2023-04-08 11:35', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$', description: '`validated` as YYYY-MM-DD HH:MM in UTC' })
  validated_str?: string;
}

export class CookieValidatedDto {
  @ApiProperty({ example: true, description: 'Whether YouTube accepted the stored cookie; false when none is stored' })
  cookie_validated: boolean;
}

/** JSON or a form; a `cookie` that is missing, not a string or blank is refused, and nothing changes. */
@RequestDto({ dialect: 'tubearchivist', error: () => new ApiError(400, { message: COOKIE_MISSING }) })
export class CookieImportDto {
  @Rule('cookieText', (cookie) => (typeof cookie !== 'string' || cookie.trim() === '' ? COOKIE_MISSING : null))
  @ApiProperty({
    example: '# Netscape HTTP Cookie File\n# …\n\n.youtube.com\tTRUE\t/\tTRUE\t0\tSID\t…',
    description: "The Netscape cookies.txt text (the browser extension's export); at most 1 MiB of request body. Only youtube.com cookies are ever sent.",
  })
  cookie: string;
}

export class CookieImportedDto {
  @ApiProperty({ enum: ['done'], example: 'done' })
  cookie_import: 'done';

  @ApiProperty({ type: Boolean, example: true, description: 'Always true' })
  cookie_validated: true;
}

export class CookieImportFailedDto {
  @ApiProperty({ enum: ['fail'], example: 'fail' })
  cookie_import: 'fail';

  @ApiProperty({ type: Boolean, example: false, description: 'Always false' })
  cookie_validated: false;

  @ApiProperty({
    example: 'line 1: not a Netscape cookies.txt header (expected "# Netscape HTTP Cookie File")',
    description: 'Why the import failed, naming the line where one is at fault; never quotes the cookie',
  })
  message: string;
}

export class CookieMissingDto {
  @ApiProperty({ enum: [COOKIE_MISSING], example: COOKIE_MISSING })
  message: string;
}
