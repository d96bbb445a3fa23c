import { Get, Param, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import { AccountService } from '../../identity/browser/account.service.js';
import { HTML_HEADERS } from '../../identity/browser/html.js';
import { TaCatalogReader } from '../archive/ta-catalog-reader.service.js';
import { refusalOf } from '../../platform/http/validation.js';
import { WatchQueryDto } from './ta-pages.dto.js';
import { taBadRequestPage, taChannelPage, taNotFoundPage, taVideoPage } from './ta-pages.js';
import { HtmlController } from '../../platform/http/controllers.js';
import { ApiHtmlPage } from '../../platform/openapi/html-responses.js';

/** No user has this id: the catalog reader then reports nothing watched and nothing subscribed. */
const NOBODY = 0;

/**
 * TubeArchivist's web pages of a video and a channel (docs/dialects/tubearchivist.md#html-pages),
 * where the browser extension and shared links point. Public, as the catalog reads of the
 * Invidious dialect are; a browser with a session also sees its own watched and subscribed state.
 */
@HtmlController()
export class TaPagesController {
  constructor(
    private readonly reader: TaCatalogReader,
    private readonly account: AccountService,
  ) {}

  @Get('video/:id')
  @ApiOperation({
    operationId: 'getTaVideoPage',
    summary: 'A video as a page: title, channel, thumbnail, description, published, watched state',
    description: 'Links to `/api/video/<id>/` and `/watch?v=<id>`. The watched state shows only with a browser session (SID cookie).',
  })
  @ApiParam({ name: 'id', description: 'YouTube video id', example: 'dQw4w9WgXcQ' })
  @ApiHtmlPage(200, 'The video page')
  @ApiHtmlPage(404, 'No such video in the catalog (or not a video id)')
  getTaVideoPage(@Param('id') id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const find = async (userId: number) => (isVideoId(id) ? (await this.reader.videos([id], userId)).get(id) : undefined);
    return this.page('video', id, request, reply, find, taVideoPage);
  }

  /**
   * Invidious's watch URL, which the video page links to and Invidious users share: sent on to the
   * video page rather than rendered again, so a video has one page, at one address.
   */
  @Get('watch')
  @ApiOperation({
    operationId: 'watchVideo',
    summary: 'The Invidious-style watch URL of a video: redirects to its page',
    description: 'Other parameters of an Invidious watch URL (`t`, `list`, …) are ignored.',
  })
  @ApiQuery({ name: 'v', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{11}$' }, example: 'dQw4w9WgXcQ', description: 'YouTube video id' })
  @ApiFoundResponse({
    description: 'To the video page (which answers 404 for a video the catalog lacks)',
    headers: { Location: { schema: { type: 'string' }, description: '`/video/<id>/` (relative)' } },
  })
  @ApiHtmlPage(400, '`v` missing, repeated or not a video id, named on the page')
  watchVideo(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    const refusal = refusalOf(WatchQueryDto, request.query);
    if (refusal) {
      void reply.code(400).headers(HTML_HEADERS);
      return taBadRequestPage(String((refusal.body as { detail?: unknown }).detail));
    }
    const { v } = request.query as { v: string };
    void reply.code(302).header('location', `/video/${v}/`);
    return '';
  }

  @Get('channel/:id')
  @ApiOperation({
    operationId: 'getTaChannelPage',
    summary: 'A channel as a page: name, avatar, description, subscribers, subscribed state',
    description: 'Links to `/api/channel/<id>/`. The subscribed state shows only with a browser session (SID cookie).',
  })
  @ApiParam({ name: 'id', description: 'YouTube channel id', example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  @ApiHtmlPage(200, 'The channel page')
  @ApiHtmlPage(404, 'No such channel in the catalog (or not a channel id)')
  getTaChannelPage(@Param('id') id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const find = async (userId: number) => (isChannelId(id) ? (await this.reader.channels([id], userId)).get(id) : undefined);
    return this.page('channel', id, request, reply, find, taChannelPage);
  }

  /** The item's page as the caller sees it (a browser session shows its own state), or the not-found page. */
  private async page<T>(
    kind: 'video' | 'channel',
    id: string,
    request: FastifyRequest,
    reply: FastifyReply,
    find: (userId: number) => Promise<T | undefined>,
    render: (item: T, signedIn: boolean) => string,
  ): Promise<string> {
    const session = await this.account.sessionOf(request);
    const item = await find(session?.userId ?? NOBODY);
    void reply.headers(HTML_HEADERS);
    if (!item) {
      void reply.code(404);
      return taNotFoundPage(kind, id);
    }
    return render(item, session !== null);
  }
}
