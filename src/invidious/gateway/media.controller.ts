import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isVideoId } from '../../catalog/media/ids.js';
import { UpstreamReadError } from '../../catalog/read-through/upstream-read-error.js';
import { STREAM_REQUEST_HEADERS, UpstreamGateway } from '../../catalog/upstream/upstream-gateway.service.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { invidiousError } from '../../platform/http/api-error.js';
import { ApiUpstreamResponses } from '../catalog/upstream-responses.js';
import { invidiousUpstreamError } from '../catalog/upstream-failure.js';
import { requestOrigin } from '../playlists/request-origin.js';
import { localUrl, pinToUpstream, takeUpstreamPin, UPSTREAM_PIN_PARAM } from './local-urls.js';
import { PASS_THROUGH_ROUTES, PassThroughService } from './pass-through.service.js';
import { rewriteManifest } from './playback.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { PublicController } from '../../platform/http/controllers.js';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;
const MEDIA_TYPES = { 'video/mp4': BINARY, 'video/webm': BINARY, 'audio/mp4': BINARY, 'audio/webm': BINARY, 'application/octet-stream': BINARY } as const;
const IMAGE_TYPES = { 'image/jpeg': BINARY, 'image/webp': BINARY, 'image/png': BINARY, 'image/avif': BINARY, 'image/gif': BINARY } as const;
/** Browser players on other origins read these (Materialious's DASH player asks for ranges). */
const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges' };
const STREAMED = 'Streamed from the upstream as it arrives (never buffered whole), with its type, length, range and caching headers; `Range` is passed on.';
/** A thumbnail's file name: `maxresdefault.jpg`, `hq720.webp`, `1.jpg`. */
const IMAGE_FILE = /^[A-Za-z0-9_-]{1,40}\.(jpg|jpeg|webp|png)$/;
/** A segment of a path on YouTube's channel-image host (`ytc`, `AIdro_…=s88-c-k`): always with letters. */
const GGPHT_SEGMENT = /^(?=.*[A-Za-z])[A-Za-z0-9_=~.,+-]{1,500}$/;
const GGPHT_SEGMENT_RULE = '1-500 characters of A-Z a-z 0-9 _ = ~ . , + -, at least one a letter';

function ggphtSegment(segment: string): string {
  if (!GGPHT_SEGMENT.test(segment)) throw invidiousError(400, 'Invalid image path');
  return segment;
}
const LATEST_VERSION_PARAMS = new Set(['id', 'itag', 'local']);
const BOOLEAN_TEXTS = ['true', 'false', '1', '0'];

/**
 * What a player and an image tag fetch when `local=true` (docs/dialects/invidious.md#playback):
 * the DASH manifest with its media URLs rewritten to tubevault, the media itself and the images,
 * streamed from the Invidious upstream. Redirects are followed only within the upstream's origin.
 */
@PublicController('upstream')
export class MediaController {
  constructor(
    private readonly gateway: UpstreamGateway,
    private readonly passThrough: PassThroughService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('api/manifest/dash/id/:id')
  @ApiOperation({ operationId: 'getDashManifest', summary: "A video's DASH manifest, its media URLs pointing at tubevault" })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ' })
  @ApiQuery({
    name: 'local',
    required: false,
    enum: ['true', 'false', '1', '0'],
    description: "`true`: every media URL points at tubevault (`/videoplayback`); otherwise YouTube's own media URLs are kept",
  })
  @ApiOkResponse({
    description: "The upstream's manifest (cached 5 minutes), its URLs rewritten",
    content: { 'application/dash+xml': { schema: { type: 'string' } } },
  })
  @ApiInvidiousErrors({ 400: '`Invalid video ID`', 404: 'The upstream has no manifest for the video' })
  @ApiUpstreamResponses()
  async getDashManifest(@Param('id') id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!isVideoId(id)) throw invidiousError(400, 'Invalid video ID');
    const local = ['true', '1'].includes(String((request.query as Record<string, unknown>).local));
    const answer = await this.passThrough.get(PASS_THROUGH_ROUTES.manifest, `/api/manifest/dash/id/${id}${local ? '?local=true' : ''}`);
    // Relative media URLs are the answering instance's, and only it can serve them.
    const instances = this.gateway.pool.instances;
    const answering = instances[answer.instance ?? 0] ?? instances[0];
    const base = answering.baseUrl;
    const origin = requestOrigin(this.config, request);
    const upstreamOrigins = instances.map((instance) => instance.origin);
    const pin = (url: string) => (instances.length > 1 && url.startsWith(`${origin}/videoplayback?`) ? pinToUpstream(url, answering.index) : url);
    const rewrite = (url: string) => (local || upstreamOrigins.includes(new URL(url).origin) ? pin(localUrl(url, origin, upstreamOrigins)) : url);
    void reply.type('application/dash+xml; charset=utf-8').headers(CORS_HEADERS);
    return rewriteManifest(String(answer.body), `${base}/`, rewrite);
  }

  @Get('videoplayback')
  @ApiOperation({ operationId: 'videoplayback', summary: 'Media bytes of a stream, from the upstream' })
  @ApiQuery({
    name: 'host',
    required: false,
    type: String,
    description: "YouTube's media host the URL came from; the other parameters are YouTube's, passed on unchanged",
  })
  @ApiQuery({
    name: UPSTREAM_PIN_PARAM,
    required: false,
    type: 'integer',
    description: 'With several upstream instances: the one whose answer held this URL (only it can fetch it); removed before the request is passed on',
  })
  @ApiOkResponse({ description: STREAMED, content: MEDIA_TYPES })
  @ApiResponse({ status: 206, description: `The requested range. ${STREAMED}`, content: MEDIA_TYPES })
  @ApiResponse({ status: 304, description: 'Not modified (the upstream said so)' })
  @ApiResponse({ status: 416, description: 'The range is outside the file' })
  @ApiInvidiousErrors({ 400: 'No query', 404: 'The upstream does not have it' })
  @ApiUpstreamResponses()
  videoplayback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const raw = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    if (raw.length < 2 || raw.length > 8192) throw invidiousError(400, 'Invalid videoplayback query');
    if (!raw.includes(`${UPSTREAM_PIN_PARAM}=`)) return this.pipe('videoplayback', `/videoplayback${raw}`, request, reply);
    const { query, pin } = takeUpstreamPin(raw);
    const count = this.gateway.invidiousUrl ? this.gateway.pool.instances.length : 0;
    if (pin === undefined || (count > 0 && pin >= count)) {
      throw invidiousError(
        400,
        `${UPSTREAM_PIN_PARAM} must be the index of a configured upstream instance (0-${Math.max(count - 1, 0)}); open the video again for fresh URLs`,
      );
    }
    if (query.length < 2) throw invidiousError(400, 'Invalid videoplayback query');
    return this.pipe('videoplayback', `/videoplayback${query}`, request, reply, pin);
  }

  @Get('latest_version')
  @ApiOperation({ operationId: 'latestVersion', summary: 'Media bytes of a video in one format (`itag`), from the upstream' })
  @ApiQuery({ name: 'id', required: true, example: 'dQw4w9WgXcQ' })
  @ApiQuery({ name: 'itag', required: true, type: 'integer', example: 18 })
  @ApiQuery({ name: 'local', required: false, enum: ['true', 'false', '1', '0'], description: 'Accepted; the bytes always come through tubevault' })
  @ApiOkResponse({ description: STREAMED, content: MEDIA_TYPES })
  @ApiResponse({ status: 206, description: `The requested range. ${STREAMED}`, content: MEDIA_TYPES })
  @ApiResponse({ status: 304, description: 'Not modified (the upstream said so)' })
  @ApiResponse({ status: 416, description: 'The range is outside the file' })
  @ApiInvidiousErrors({
    400: '`Invalid video ID`, `Invalid itag`, a bad `local` or an unknown parameter',
    404: 'The upstream does not have the video in that format',
  })
  @ApiUpstreamResponses()
  latestVersion(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Record<string, unknown>;
    const unknown = Object.keys(query).filter((key) => !LATEST_VERSION_PARAMS.has(key));
    if (unknown.length) throw invidiousError(400, `Unknown query parameters: ${unknown.join(', ')}`);
    const { id, itag, local } = query;
    if (typeof id !== 'string' || !isVideoId(id)) throw invidiousError(400, 'Invalid video ID');
    if (typeof itag !== 'string' || !/^\d{1,4}$/.test(itag)) throw invidiousError(400, 'Invalid itag');
    if (local !== undefined && !BOOLEAN_TEXTS.includes(String(local))) throw invidiousError(400, `local must be one of ${BOOLEAN_TEXTS.join(', ')}`);
    return this.pipe('videoplayback', `/latest_version?id=${id}&itag=${itag}&local=true`, request, reply);
  }

  @Get('vi/:id/:file')
  @ApiOperation({ operationId: 'getVideoThumbnail', summary: 'A video thumbnail, from the upstream' })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ' })
  @ApiParam({ name: 'file', example: 'maxresdefault.jpg', description: 'A file name ending in .jpg, .jpeg, .webp or .png' })
  @ApiOkResponse({ description: STREAMED, content: IMAGE_TYPES })
  @ApiResponse({ status: 304, description: 'Not modified (the upstream said so)' })
  @ApiInvidiousErrors({ 400: '`Invalid video ID` or `Invalid file name`', 404: 'The upstream has no such image' })
  @ApiUpstreamResponses()
  videoThumbnail(@Param('id') id: string, @Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!isVideoId(id)) throw invidiousError(400, 'Invalid video ID');
    if (!IMAGE_FILE.test(file)) throw invidiousError(400, 'Invalid file name');
    return this.pipe('images', `/vi/${id}/${file}`, request, reply);
  }

  @Get('ggpht/:file')
  @ApiOperation({ operationId: 'getChannelImage', summary: "A channel avatar or banner (a path on YouTube's channel-image host), from the upstream" })
  @ApiParam({ name: 'file', example: 'AIdro_abc=s176-c-k-c0x00ffffff-no-rj', description: GGPHT_SEGMENT_RULE })
  @ApiOkResponse({ description: STREAMED, content: IMAGE_TYPES })
  @ApiResponse({ status: 304, description: 'Not modified (the upstream said so)' })
  @ApiInvidiousErrors({ 400: '`Invalid image path`', 404: 'The upstream has no such image' })
  @ApiUpstreamResponses()
  channelImage(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.pipe('images', `/ggpht/${ggphtSegment(file)}`, request, reply);
  }

  @Get('ggpht/:dir/:file')
  @ApiOperation({
    operationId: 'getChannelImageInFolder',
    summary: "A channel avatar or banner under a folder (`ytc/…`, `a/…`) of YouTube's channel-image host, from the upstream",
  })
  @ApiParam({ name: 'dir', example: 'ytc', description: GGPHT_SEGMENT_RULE })
  @ApiParam({ name: 'file', example: 'AIdro_abc=s176-c-k-c0x00ffffff-no-rj', description: GGPHT_SEGMENT_RULE })
  @ApiOkResponse({ description: STREAMED, content: IMAGE_TYPES })
  @ApiResponse({ status: 304, description: 'Not modified (the upstream said so)' })
  @ApiInvidiousErrors({ 400: '`Invalid image path`', 404: 'The upstream has no such image' })
  @ApiUpstreamResponses()
  channelImageInFolder(@Param('dir') dir: string, @Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.pipe('images', `/ggpht/${ggphtSegment(dir)}/${ggphtSegment(file)}`, request, reply);
  }

  /** The upstream's answer, headers and body, piped to the client; its failure as an Invidious error. */
  private async pipe(route: string, pathAndQuery: string, request: FastifyRequest, reply: FastifyReply, pin?: number): Promise<void> {
    const abort = new AbortController();
    reply.raw.on('close', () => abort.abort());
    const headers: Partial<Record<(typeof STREAM_REQUEST_HEADERS)[number], string>> = {};
    for (const name of STREAM_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let upstream;
    try {
      upstream = await this.gateway.stream(route, pathAndQuery, headers, abort.signal, pin);
    } catch (error) {
      if (error instanceof UpstreamReadError) throw invidiousUpstreamError(error, error.message);
      throw error;
    }
    void reply.status(upstream.status).headers({ ...upstream.headers, ...CORS_HEADERS });
    if (!upstream.body || upstream.status === 304 || request.method === 'HEAD') {
      await upstream.body?.cancel().catch(() => undefined);
      return reply.send();
    }
    return reply.send(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>));
  }
}
