import { Body, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { Public } from '../../platform/access/public.decorator.js';
import { PingDto, TaLoginDto, TaLoginErrorDto, TaLoginResponseDto } from './tubearchivist-auth.dto.js';
import { TUBEARCHIVIST_API_VERSION, TubeArchivistAuthService } from './tubearchivist-auth.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

@TubeArchivistController('api')
export class TubeArchivistAuthController {
  constructor(private readonly auth: TubeArchivistAuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ operationId: 'taLogin', summary: 'Log in (TubeArchivist): a token for `Authorization: Token <token>`' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TaLoginDto })
  @ApiOkResponse({ type: TaLoginResponseDto })
  @ApiBadRequestResponse({ type: TaLoginErrorDto, description: 'Wrong credentials (`non_field_errors`) or a missing/blank field' })
  @ApiTooManyRequestsResponse({
    type: TubeArchivistErrorDto,
    description:
      'Too many logins: 10 a minute from this IP (or for this username from it), or 10 IPs a minute failing for this username while this IP has none counted; see Retry-After',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  })
  @ApiServiceUnavailableResponse({
    type: TubeArchivistErrorDto,
    description: 'Redis, where failed logins are counted, did not answer within REDIS_COMMAND_TIMEOUT_MS; see Retry-After',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  })
  taLogin(@Body() body: TaLoginDto, @Req() request: FastifyRequest): Promise<TaLoginResponseDto> {
    return this.auth.login(body.username, body.password, request.ip);
  }

  @Get('ping')
  @ApiOperation({ operationId: 'ping', summary: 'Check the connection and the credential' })
  @ApiOkResponse({ type: PingDto })
  @ApiForbiddenResponse({ type: TubeArchivistErrorDto })
  ping(@CurrentPrincipal() principal: Principal): PingDto {
    return { response: 'pong', user: principal.userId, version: TUBEARCHIVIST_API_VERSION };
  }
}
