import { Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_INFO } from '../../platform/app-info.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { ReadinessService } from '../../platform/health/readiness.js';
import { BrowserSessionService } from './browser-session.service.js';
import { frontDoorPage } from './front-door.page.js';
import { HTML_HEADERS } from './html.js';
import { HtmlController } from '../../platform/http/controllers.js';

/** The page a person meets at the instance's address. */
@HtmlController()
export class FrontDoorController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly browserSessions: BrowserSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getFrontDoor',
    summary: 'The front page: version, health, links to log in and to the API documentation, the URL to give apps',
    description:
      'Postgres and Redis are checked as `GET /api/health/ready/` checks them; the page answers 200 either way. A browser signed in with its SID cookie is shown who it is.',
  })
  @ApiResponse({ status: 200, description: 'The front page', schema: { type: 'string' } })
  async getFrontDoor(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const readiness = await this.readiness.check();
    // Without the database no session can be looked up: the page then shows the login link.
    const session = readiness.database.status === 'up' ? await this.browserSessions.current(request.headers.cookie).catch(() => null) : null;
    // As absolute Location headers are built: PUBLIC_URL, else the scheme and host the request came by
    // (from X-Forwarded-* only with TRUST_PROXY). The host is the client's to choose, so it is escaped.
    const instanceUrl = this.config.PUBLIC_URL ? this.config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
    void reply.headers(HTML_HEADERS);
    return frontDoorPage({ ...APP_INFO, instanceUrl, readiness, signedInAs: session?.username });
  }
}
