import { Body, createParamDecorator, Get, HttpCode, Post, Res, type ExecutionContext } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiBadRequestResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import { callbackWithToken } from './callback-url.js';
import { registerFieldsOfForm } from './token-request.js';
import { InvidiousTokenDto, RegisterTokenDto, TokenListEntryDto, UnregisterTokenDto } from './tokens.dto.js';
import { TokensService, type TokenListEntry } from './tokens.service.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

const isForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/**
 * POST tokens/register's fields: a JSON body as sent, or a form's fields in the JSON shape (its
 * `scopes[0]`, `scopes[1]`… or repeated `scopes` as one list; other form fields ignored).
 */
const RegisterTokenFields = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const body = request.body;
  return isForm(request) && body !== null && typeof body === 'object' ? registerFieldsOfForm(body as Record<string, unknown>) : body;
});

@InvidiousAuthController('tokens')
@ApiExtraModels(RegisterTokenDto)
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiOperation({ operationId: 'listTokens', summary: "The caller's API tokens, newest first (never browser sessions)" })
  @ApiOkResponse({ type: [TokenListEntryDto] })
  listTokens(@CurrentPrincipal() caller: Principal): Promise<TokenListEntry[]> {
    return this.tokens.list(caller);
  }

  @Post('register')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'registerToken',
    summary: 'Mint a scoped API token',
    description:
      "Scopes must be covered by the caller's; the expiry may not be later than the caller's. With `callbackUrl`, answers 302 to it with `token` appended (encoded twice, as Invidious does).",
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({
    schema: { $ref: getSchemaPath(RegisterTokenDto) },
  })
  @ApiOkResponse({ type: InvidiousTokenDto })
  @ApiFoundResponse({
    description: 'Redirect to callbackUrl with the token',
    headers: { Location: { schema: { type: 'string' }, description: 'callbackUrl?token=…' } },
  })
  @ApiBadRequestResponse({ type: InvidiousErrorDto, description: 'Invalid scope, expire or callbackUrl' })
  @ApiUnsupportedMediaTypeResponse({ type: InvidiousErrorDto })
  async registerToken(
    @CurrentPrincipal() caller: Principal,
    @RegisterTokenFields() body: RegisterTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvidiousTokenDto | undefined> {
    const parsed = body.toRequest();
    const token = await this.tokens.mint(caller, parsed);
    if (!parsed.callbackUrl) return token;
    void reply.code(302).header('location', callbackWithToken(parsed.callbackUrl, { token: JSON.stringify(token) }));
    return undefined;
  }

  @Post('unregister')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'unregisterToken',
    summary: "Revoke the caller's own session, or one of their tokens",
    description: 'Revoking another session requires a scope covering `GET:tokens`.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: UnregisterTokenDto, required: false })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiBadRequestResponse({ type: InvidiousErrorDto })
  @ApiNotFoundResponse({ type: InvidiousErrorDto, description: 'Session does not exist (or is not one of your tokens)' })
  @ApiServiceUnavailableResponse({
    type: InvidiousErrorDto,
    description: 'Redis is unavailable, so the other instances could not be told: nothing was revoked; see Retry-After',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  })
  async unregisterToken(@CurrentPrincipal() caller: Principal, @Body() body: UnregisterTokenDto): Promise<void> {
    await this.tokens.unregister(caller, body.session || undefined);
  }
}
