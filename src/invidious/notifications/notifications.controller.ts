import { applyDecorators, createParamDecorator, Get, HttpCode, Inject, Post, Query, Req, Res, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { requestOrigin } from '../playlists/request-origin.js';
import { LOCAL_VALUES } from './notifications-request.js';
import { LOCAL_DESCRIPTION, NotificationsQueryDto, TOPICS_DESCRIPTION } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

const STREAM_DESCRIPTION =
  'An endless `text/event-stream` (uncompressed; `Cache-Control: no-cache`, `X-Accel-Buffering: no`). Headers and a first keep-alive are sent at once. ' +
  'Each event is `id: <n>\\ndata: <one-line JSON>\\n\\n` (no `event:` line; `n` counts from 0 per connection): the `/api/v1/videos/:id` object of the video (a new upload with its details looked up), with `fields` and `local` applied as on that route. Live events carry its playback fields (`adaptiveFormats`, `formatStreams`, `captions`, `dashUrl`, `hlsUrl`) from an Invidious upstream that serves streams (empty when it fails or takes longer than its timeout); replayed and `debug` events have them empty. ' +
  'With `since`, the replay (per channel topic its 15 newest videos published after it, all oldest first) comes before any live event; then every new video and every title or description change of a listed channel, and with the `debug` topic a pseudo-random catalog video every 60 s. ' +
  'A `:keepalive <unix seconds>\\n\\n` comment follows every 20 s. The stream ends when the credential is revoked (by the next keep-alive) or the server stops; a client that stops reading is dropped.';

const STREAM_EXAMPLE =
  ':keepalive 1700000000\n\nid: 0\ndata: {"type":"video","title":"T","videoId":"dQw4w9WgXcQ","published":1700000000}\n\n:keepalive 1700000020\n\n';

const isForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** A form body's `topics`, when the request sent one. */
function formTopics(request: FastifyRequest): unknown {
  const body = request.body;
  if (!isForm(request) || body === null || typeof body !== 'object') return undefined;
  return (body as Record<string, unknown>).topics;
}

/** POST's stream parameters: the query's, with `topics` from a form body when it has one. */
// eslint-disable-next-line no-useless-assignment -- the rule does not see its use as a parameter decorator below
const StreamParameters = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const query = request.query as Record<string, unknown>;
  const topics = formTopics(request);
  return topics === undefined ? query : { ...query, topics };
});

const StreamQueries = () =>
  applyDecorators(
    ApiQuery({
      name: 'since',
      required: false,
      schema: { type: 'integer', minimum: 0, example: 1700000000 },
      description: 'Unix seconds: first replay the videos published after it. Empty counts as absent',
    }),
    ApiQuery({
      name: 'fields',
      required: false,
      type: String,
      description: 'Invidious `fields` selection applied to each event, e.g. `videoId,title,videoThumbnails(quality,url)`',
    }),
    ApiQuery({ name: 'local', required: false, enum: LOCAL_VALUES, description: LOCAL_DESCRIPTION }),
  );

/**
 * The 200 names its media type itself: `@ApiProduces` would label the JSON errors `text/event-stream` too.
 * The 403 is declared on the class.
 */
const StreamResponses = () =>
  applyDecorators(
    ApiOkResponse({ description: STREAM_DESCRIPTION, content: { 'text/event-stream': { schema: { type: 'string' }, example: STREAM_EXAMPLE } } }),
    ApiInvidiousErrors({
      400: 'Sent before the stream opens: invalid topics (up to ten named), `Too many topics: N (at most 1000)`, a bad `since`, `Invalid fields parameter: <reason>`, or `Invalid local "<value>": expected true, false, 1 or 0`',
      503: 'The server is shutting down',
    }),
  );

@InvidiousAuthController('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getNotifications', summary: 'Stream new and changed videos of channels (Server-Sent Events)' })
  @StreamResponses()
  getNotifications(
    @CurrentPrincipal() caller: Principal,
    @Query() query: NotificationsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.notifications.open(caller, query.toRequest(), query.toView(requestOrigin(this.config, request)), reply, request.method === 'HEAD');
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postNotifications',
    summary: 'The notification stream, with the topics in a form body',
    description: '`topics` is read from an `application/x-www-form-urlencoded` body, else from the query; `since`, `fields` and `local` from the query.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    required: false,
    schema: { type: 'object', properties: { topics: { type: 'string', description: TOPICS_DESCRIPTION, example: 'UCuAXFkgsw1L7xaCfnd5JJOw,debug' } } },
  })
  @ApiQuery({ name: 'topics', required: false, type: String, description: 'Used when the body has no `topics`' })
  @StreamQueries()
  @StreamResponses()
  postNotifications(
    @CurrentPrincipal() caller: Principal,
    @StreamParameters() parameters: NotificationsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.notifications.open(caller, parameters.toRequest(), parameters.toView(requestOrigin(this.config, request)), reply, false);
  }
}
