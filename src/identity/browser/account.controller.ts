import { applyDecorators, Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, getSchemaPath, ApiFoundResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { AccountCreateUserFormDto, AccountDeleteUserFormDto, AccountPageQueryDto, AccountPasswordFormDto, AccountRevokeFormDto } from './account.dto.js';
import { AccountService } from './account.service.js';
import { sendPage } from './browser-response.js';
import { HtmlController } from '../../platform/http/controllers.js';
import { ApiFormBody, ApiHtmlPage } from '../../platform/openapi/html-responses.js';

const ToLogin = (description: string) =>
  ApiFoundResponse({
    description,
    headers: {
      Location: {
        schema: { type: 'string' },
        description: "/login?referer=%2Faccount (no browser session), or /login after ending this browser's own session",
      },
    },
  });
/** A 400: the page naming the problem, or the validation pipe's JSON when the form itself is malformed. */
export const FormRejected = (description: string) =>
  applyDecorators(
    ApiExtraModels(TubeArchivistErrorDto),
    ApiResponse({
      status: 400,
      description,
      content: {
        'text/html': { schema: { type: 'string' } },
        'application/json': { schema: { $ref: getSchemaPath(TubeArchivistErrorDto) } },
      },
    }),
  );
/** What every form of the page may answer besides its own outcome. */
const FormRefusals = () =>
  applyDecorators(
    ToLogin("No browser session, or this browser's session was the one ended"),
    FormRejected(
      'A value the users rules refuse or a wrong current password (a page naming it), or a missing or malformed field (`{"detail": …}` before the handler runs)',
    ),
    ApiHtmlPage(403, 'Cross-site post, or a missing, wrong, expired or already used csrf_token (the page comes back with fresh forms)'),
  );

/**
 * The account page (docs/dialects/invidious.md#account-page). Outside the API's scope bases, so
 * `@Public()` for the guard: the service checks the SID cookie, the cross-site rule and the CSRF
 * token itself and answers pages, not JSON.
 */
@HtmlController('account')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get()
  @ApiOperation({
    operationId: 'getAccountPage',
    summary: 'The account page: sessions and tokens, password, library export/import, and (admins) users',
    description: 'Needs a browser session (SID cookie); without one, redirects to the login and back.',
  })
  @ApiHtmlPage(200, 'The account page')
  @ToLogin('Not signed in')
  @ApiResponse({ status: 400, description: 'An unknown `done` value', type: TubeArchivistErrorDto })
  async getAccountPage(@Query() query: AccountPageQueryDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.account.page(request, query));
  }

  @Post('revoke')
  @ApiOperation({
    operationId: 'accountRevokeSession',
    summary: "Revoke one of the caller's sessions or tokens",
    description: "Revoking this browser's own session signs it out (302 to /login, cookie cleared).",
  })
  @ApiFormBody(AccountRevokeFormDto)
  @ApiHtmlPage(200, 'Revoked; the page again with the remaining sessions')
  @ApiHtmlPage(404, 'No such session of the caller (already revoked or expired)')
  @FormRefusals()
  async accountRevokeSession(
    @Body() form: AccountRevokeFormDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendPage(reply, await this.account.revoke(request, form));
  }

  @Post('password')
  @ApiOperation({
    operationId: 'accountChangePassword',
    summary: "Change the caller's password",
    description: 'Every session and token of the user ends; this browser gets a new session (a new SID cookie).',
  })
  @ApiFormBody(AccountPasswordFormDto)
  @ApiResponse({
    status: 200,
    description: 'Changed',
    schema: { type: 'string' },
    headers: {
      'Set-Cookie': { schema: { type: 'string' }, description: 'The new browser session: `SID=<session id>; Path=/; HttpOnly; SameSite=Lax; Max-Age=…`' },
    },
  })
  @FormRefusals()
  async accountChangePassword(
    @Body() form: AccountPasswordFormDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendPage(reply, await this.account.changePassword(request, form));
  }

  @Post('users')
  @ApiOperation({ operationId: 'accountCreateUser', summary: 'Create a user (admins)', description: 'The rules of `POST /api/users/`.' })
  @ApiFormBody(AccountCreateUserFormDto)
  @ApiHtmlPage(200, 'Created')
  @ApiHtmlPage(409, 'The username is taken')
  @FormRefusals()
  async accountCreateUser(
    @Body() form: AccountCreateUserFormDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendPage(reply, await this.account.createUser(request, form));
  }

  @Post('users/delete')
  @ApiOperation({
    operationId: 'accountDeleteUser',
    summary: 'Delete a user and everything they own (admins)',
    description: 'The last admin cannot be deleted.',
  })
  @ApiFormBody(AccountDeleteUserFormDto)
  @ApiHtmlPage(200, 'Deleted')
  @ApiHtmlPage(404, 'No such user')
  @ApiHtmlPage(409, 'The last admin')
  @FormRefusals()
  async accountDeleteUser(
    @Body() form: AccountDeleteUserFormDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendPage(reply, await this.account.deleteUser(request, form));
  }
}
