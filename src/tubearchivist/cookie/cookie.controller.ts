import { Body, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { CookieImportDto, CookieImportedDto, CookieImportFailedDto, CookieMissingDto, CookieStatusDto, CookieValidatedDto } from './cookie.dto.js';
import { CookieService } from './cookie.service.js';
import { AdminController } from '../../platform/http/controllers.js';

@ApiExtraModels(CookieImportFailedDto, CookieMissingDto, TubeArchivistErrorDto)
@AdminController('cookie')
export class CookieController {
  constructor(private readonly cookies: CookieService) {}

  @Get()
  @ApiOperation({ operationId: 'getCookieStatus', summary: 'Whether a YouTube cookie is stored, and its latest check' })
  @ApiOkResponse({ type: CookieStatusDto })
  getCookieStatus(): Promise<CookieStatusDto> {
    return this.cookies.status();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'validateCookie',
    summary: 'Check the stored YouTube cookie against YouTube now',
    description:
      'The body is ignored. The outcome is recorded (see `GET`); a failed check keeps the cookie. With no cookie stored: `false`, and nothing is checked.',
  })
  @ApiOkResponse({ type: CookieValidatedDto })
  async validateCookie(): Promise<CookieValidatedDto> {
    return { cookie_validated: (await this.cookies.revalidate()) ?? false };
  }

  @Put()
  @ApiOperation({
    operationId: 'importCookie',
    summary: 'Import a YouTube cookie (Netscape cookies.txt) and check it',
    description:
      'A valid cookie replaces the stored one. An invalid one (not cookies.txt, a JSON export, no youtube.com cookie, refused by YouTube or YouTube unreachable) **revokes** the stored cookie as well. The cookie is stored encrypted and never returned or logged.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: CookieImportDto })
  @ApiOkResponse({ type: CookieImportedDto })
  @ApiBadRequestResponse({
    description:
      'The import failed and any stored cookie was revoked (`cookie_import: "fail"`, with the reason); `cookie` is missing, not a string or blank (nothing changed); or, as `{"detail"}`, malformed JSON or an invalid request path',
    schema: {
      anyOf: [{ $ref: getSchemaPath(CookieImportFailedDto) }, { $ref: getSchemaPath(CookieMissingDto) }, { $ref: getSchemaPath(TubeArchivistErrorDto) }],
    },
  })
  @ApiPayloadTooLargeResponse({ type: TubeArchivistErrorDto, description: 'The request body is over 1 MiB' })
  @ApiUnsupportedMediaTypeResponse({ type: TubeArchivistErrorDto, description: 'A body that is neither JSON nor form-encoded' })
  importCookie(@Body() body: CookieImportDto): Promise<CookieImportedDto> {
    return this.cookies.import(body.cookie);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeCookie', summary: 'Delete the stored YouTube cookie and its validation record' })
  @ApiNoContentResponse({ description: 'Revoked (also when none was stored)' })
  revokeCookie(): Promise<void> {
    return this.cookies.revoke();
  }
}
