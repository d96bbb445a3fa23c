import { Body, Get, Post, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizeTokenService } from './authorize-token.service.js';
import { sendPage } from './browser-response.js';
import { AuthorizeTokenFormDto, LoginFormDto, SignoutFormDto } from './browser.dto.js';
import { LoginService, type BrowserClient } from './login.service.js';
import { HtmlController } from '../../platform/http/controllers.js';
import { ApiFormBody, ApiHtmlPage } from '../../platform/openapi/html-responses.js';

/** A documented 302 with its Location (and, for logins, the Set-Cookie). */
const Redirect = (description: string, location: string, withCookie = false) =>
  ApiFoundResponse({
    description,
    headers: {
      Location: { schema: { type: 'string' }, description: location },
      ...(withCookie
        ? {
            'Set-Cookie': {
              schema: { type: 'string' },
              description: 'First and only cookie: `SID=<session id>; Path=/; HttpOnly; SameSite=Lax; Max-Age=…` (`Secure` behind HTTPS)',
            },
          }
        : {}),
    },
  });

const clientOf = (request: FastifyRequest): BrowserClient => ({
  ip: request.ip,
  protocol: request.protocol,
  cookieHeader: request.headers.cookie,
  site: request,
});

/**
 * The HTML browser flows of the Invidious dialect (docs/dialects/invidious.md#browser-flows). They are outside the API's
 * scope bases, so they are `@Public()` for the guard and check the SID cookie themselves, and
 * they answer errors as pages rather than through the JSON exception filter.
 */
@HtmlController()
export class BrowserController {
  constructor(
    private readonly loginFlow: LoginService,
    private readonly authorizeFlow: AuthorizeTokenService,
  ) {}

  @Get('login')
  @ApiOperation({
    operationId: 'getLoginPage',
    summary: 'The login form (with a registration form when REGISTRATION_ENABLED)',
    description: 'A signed-in browser also gets a sign-out button.',
  })
  @ApiQuery({ name: 'referer', required: false, type: String, description: 'Local path to return to after logging in' })
  @ApiHtmlPage(200, 'The login page')
  async getLoginPage(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.loginFlow.loginPage(request.query as Record<string, unknown>, clientOf(request)));
  }

  @Post('login')
  @ApiOperation({
    operationId: 'browserLogin',
    summary: 'Log in with a browser session (SID cookie), or register and log in',
    description:
      'No CSRF token (Clipious posts here directly, `?type=invidious` is ignored), but a post a browser marks as cross-site (`Sec-Fetch-Site` other than `same-origin`/`none`, or an `Origin` that is not this server) is refused. Failed logins share the limiter of `POST /api/login/`.',
  })
  @ApiFormBody(LoginFormDto)
  @Redirect('Logged in', 'The `referer` when it is a local path, else /docs', true)
  @ApiHtmlPage(400, 'Missing username or password, or a username/password that registration refuses')
  @ApiHtmlPage(401, 'Wrong username or password (also for an unknown user)')
  @ApiHtmlPage(403, 'A cross-site post (nothing is created), or `action=register` while registration is disabled')
  @ApiHtmlPage(409, 'Registration: the username is taken')
  @ApiHtmlPage(
    429,
    'Too many logins: 10 a minute from this IP (or for this username from it), or 10 IPs a minute failing for this username while this IP has none counted; or more than 5 registrations an hour from this IP',
    {
      'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' },
    },
  )
  async browserLogin(@Body() body: LoginFormDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.loginFlow.login(body, clientOf(request)));
  }

  @Post('signout')
  @ApiOperation({
    operationId: 'signout',
    summary: 'End the browser session',
    description: 'Clears the SID cookie (`SID=; Max-Age=0`). Without a live session only the cookie is cleared.',
  })
  @ApiFormBody(SignoutFormDto)
  @Redirect('Signed out', '/login')
  @ApiHtmlPage(403, 'Missing, wrong, expired or already used csrf_token')
  async signout(@Body() body: SignoutFormDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.loginFlow.signout(body, clientOf(request)));
  }

  @Get('authorize_token')
  @ApiOperation({
    operationId: 'getAuthorizeToken',
    summary: 'Consent page for minting an API token',
    description:
      "Needs a browser session (SID cookie); without one, redirects to the login and back. Sent with `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`.",
  })
  @ApiQuery({ name: 'scopes', required: true, type: String, example: ':feed,:subscriptions*,:playlists*', description: 'Comma-separated scopes' })
  @ApiQuery({
    name: 'callback_url',
    required: false,
    type: String,
    example: 'clipious-auth://',
    description: 'Absolute http(s) or app-scheme URL, at most 2048 characters',
  })
  @ApiQuery({ name: 'expire', required: false, schema: { type: 'integer', minimum: 1, maximum: 2147483647 }, description: 'Token lifetime in seconds' })
  @ApiHtmlPage(200, 'The consent page: the scopes, the expiry and a Yes/No choice')
  @Redirect('Not signed in', '/login?referer=<this URL, percent-encoded>')
  @ApiHtmlPage(400, 'A bad parameter, named on the page')
  async getAuthorizeToken(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.authorizeFlow.consentPage(request.query as Record<string, unknown>, request.url, request.headers.cookie));
  }

  @Post('authorize_token')
  @ApiOperation({
    operationId: 'authorizeToken',
    summary: 'Mint the API token the consent page describes',
    description: 'With `callbackUrl`: 302 to it with `token` (the token JSON) and `username`, each encoded twice. Without: a page showing the token.',
  })
  @ApiFormBody(AuthorizeTokenFormDto)
  @ApiHtmlPage(200, 'The token (no callbackUrl)')
  @Redirect('To the callback with the token, or to /login without a browser session', 'callbackUrl?token=%257B…&username=…, or /login')
  @ApiHtmlPage(400, 'A bad field, named on the page')
  @ApiHtmlPage(403, 'Missing, wrong, expired or already used csrf_token')
  async authorizeToken(@Body() form: AuthorizeTokenFormDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendPage(reply, await this.authorizeFlow.authorize(form, request.headers.cookie));
  }
}
