import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';

export class AccountImportFormDto {
  @ApiProperty({
    enum: ['subscriptions', 'invidious'],
    description: '`subscriptions`: a YouTube/FreeTube CSV, an OPML file or a NewPipe export; `invidious`: an Invidious export (JSON)',
  })
  @IsIn(['subscriptions', 'invidious'])
  format: 'subscriptions' | 'invidious';

  @ApiProperty({ type: 'string', format: 'binary', description: 'The file, as UTF-8 text within the 1 MiB body limit' })
  @IsString()
  file: string;

  @ApiProperty({
    example: 'mQ2dH5m1oH0V5Xk8a0k0wJ4q3y9tXJ3m8w6a1v5nE2c',
    description: 'The CSRF token of the import form on the /account page (bound to the SID session, single-use, 6 hours)',
  })
  @IsString()
  @MaxLength(64)
  csrf_token: string;
}
