import { Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isVideoId } from '../../catalog/media/ids.js';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { invidiousError } from '../../platform/http/api-error.js';
import { ApiUpstreamResponses } from '../catalog/upstream-responses.js';
import {
  CaptionsQueryDto,
  CommentsQueryDto,
  HashtagQueryDto,
  ResolveUrlQueryDto,
  SearchQueryDto,
  StoryboardsQueryDto,
  SuggestionsQueryDto,
  TrendingQueryDto,
} from './gateway.dto.js';
import { PASS_THROUGH_ROUTES, PassThroughService, type PassThroughAnswer } from './pass-through.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { PublicController } from '../../platform/http/controllers.js';

const PASSED =
  'Passed through from the upstream Invidious instance unchanged (cached in Redis, shared by every instance); with `local=true` every absolute URL points at tubevault. tubevault guarantees:';
const OBJECT = { type: 'object', additionalProperties: true } as const;
const VIDEO_ID_PARAM = ApiParam({ name: 'id', example: 'dQw4w9WgXcQ', description: '11 characters of A-Z a-z 0-9 _ -' });
const BAD_VIDEO_ID = '`Invalid video ID`, or a bad query parameter (the message names it)';
const VTT = { 'text/vtt': { schema: { type: 'string' } } } as const;

function videoId(id: string): string {
  if (!isVideoId(id)) throw invidiousError(400, 'Invalid video ID');
  return id;
}

/** JSON goes out as Nest serialises it; other media types (WebVTT) with the upstream's type. */
function send(reply: FastifyReply, answer: PassThroughAnswer): unknown {
  if (answer.contentType !== 'application/json') reply.type(`${answer.contentType}; charset=utf-8`);
  return answer.body;
}

/**
 * The public Invidious routes tubevault does not answer from its catalog but passes on to an
 * Invidious upstream (docs/dialects/invidious.md#search-and-pass-through-routes). Without one they
 * answer 501 naming `UPSTREAM_URL`.
 */
@PublicController('upstream', 'api/v1')
export class PassThroughController {
  constructor(private readonly passThrough: PassThroughService) {}

  @Get('search')
  @Expensive()
  @ApiOperation({ operationId: 'invidiousSearch', summary: 'Search YouTube through the upstream (videos, channels, playlists)' })
  @ApiOkResponse({
    description: `${PASSED} an array of objects, each with a \`type\` (\`video\`, \`channel\`, \`playlist\`, …).`,
    schema: { type: 'array', items: { ...OBJECT, required: ['type'], properties: { type: { type: 'string', example: 'video' } } } },
  })
  @ApiInvidiousErrors({ 400: 'A bad query parameter; the message names it', 404: 'The upstream answered 404' })
  @ApiUpstreamResponses()
  search(@Query() query: SearchQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.search, '/api/v1/search', query).then((a) => send(reply, a));
  }

  @Get('search/suggestions')
  @ApiOperation({ operationId: 'searchSuggestions', summary: 'Search suggestions for what the user has typed' })
  @ApiOkResponse({
    description: `${PASSED} an object with \`query\` and a \`suggestions\` array of strings.`,
    schema: { ...OBJECT, required: ['suggestions'], properties: { query: { type: 'string' }, suggestions: { type: 'array', items: { type: 'string' } } } },
  })
  @ApiInvidiousErrors({ 400: '`q` is missing, or a bad query parameter', 404: 'The upstream answered 404' })
  @ApiUpstreamResponses()
  searchSuggestions(@Query() query: SuggestionsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.suggestions, '/api/v1/search/suggestions', query).then((a) => send(reply, a));
  }

  @Get('comments/:id')
  @ApiOperation({ operationId: 'getComments', summary: "A page of a video's YouTube comments" })
  @VIDEO_ID_PARAM
  @ApiOkResponse({
    description: `${PASSED} an object with a \`comments\` array; \`continuation\` names the next page.`,
    schema: { ...OBJECT, properties: { comments: { type: 'array', items: OBJECT }, continuation: { type: 'string' } } },
  })
  @ApiInvidiousErrors({ 400: BAD_VIDEO_ID, 404: "The upstream's message: the video does not exist or has no comments" })
  @ApiUpstreamResponses()
  getComments(@Param('id') id: string, @Query() query: CommentsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.comments, `/api/v1/comments/${videoId(id)}`, query).then((a) => send(reply, a));
  }

  @Get('trending')
  @ApiOperation({ operationId: 'getTrending', summary: "YouTube's trending videos for a region" })
  @ApiOkResponse({ description: `${PASSED} an array of video objects.`, schema: { type: 'array', items: OBJECT } })
  @ApiInvidiousErrors({ 400: 'A bad query parameter; the message names it', 404: 'The upstream answered 404' })
  @ApiUpstreamResponses()
  getTrending(@Query() query: TrendingQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.trending, '/api/v1/trending', query).then((a) => send(reply, a));
  }

  @Get('captions/:id')
  @ApiOperation({ operationId: 'getCaptions', summary: "A video's caption tracks, or one track as WebVTT (`label` or `lang`)" })
  @VIDEO_ID_PARAM
  @ApiOkResponse({
    description: `${PASSED} without \`label\`/\`lang\` an object with a \`captions\` array (each with \`label\`, \`languageCode\`, \`url\`); with one, the track as \`text/vtt\`.`,
    content: { 'application/json': { schema: { ...OBJECT, required: ['captions'], properties: { captions: { type: 'array', items: OBJECT } } } }, ...VTT },
  })
  @ApiInvidiousErrors({ 400: BAD_VIDEO_ID, 404: "The upstream's message: no such video or track" })
  @ApiUpstreamResponses()
  getCaptions(@Param('id') id: string, @Query() query: CaptionsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.captions, `/api/v1/captions/${videoId(id)}`, query).then((a) => send(reply, a));
  }

  @Get('resolveurl')
  @ApiOperation({ operationId: 'resolveUrl', summary: 'What a YouTube URL names (a channel, video or playlist id)' })
  @ApiOkResponse({
    description: `${PASSED} an object with \`pageType\` and the id it names (\`ucid\`, \`videoId\` or \`playlistId\`).`,
    schema: { ...OBJECT, properties: { pageType: { type: 'string', example: 'WEB_PAGE_TYPE_CHANNEL' }, ucid: { type: 'string' } } },
  })
  @ApiInvidiousErrors({ 400: '`url` is missing, or a bad query parameter', 404: 'The upstream cannot resolve the URL' })
  @ApiUpstreamResponses()
  resolveUrl(@Query() query: ResolveUrlQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.resolveurl, '/api/v1/resolveurl', query).then((a) => send(reply, a));
  }

  @Get('hashtag/:tag')
  @ApiOperation({ operationId: 'getHashtag', summary: 'Videos tagged with a hashtag' })
  @ApiParam({ name: 'tag', example: 'music', description: 'Without the `#`: 1-100 letters, digits or `_`, at least one a letter' })
  @ApiOkResponse({
    description: `${PASSED} an object with a \`results\` array of video objects.`,
    schema: { ...OBJECT, required: ['results'], properties: { results: { type: 'array', items: OBJECT } } },
  })
  @ApiInvidiousErrors({ 400: '`Invalid hashtag`, or a bad query parameter', 404: 'The upstream answered 404' })
  @ApiUpstreamResponses()
  getHashtag(@Param('tag') tag: string, @Query() query: HashtagQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    if (!/^(?=.*\p{L})[\p{L}\p{N}_]{1,100}$/u.test(tag)) throw invidiousError(400, 'Invalid hashtag');
    return this.passThrough.get(PASS_THROUGH_ROUTES.hashtag, `/api/v1/hashtag/${encodeURIComponent(tag)}`, query).then((a) => send(reply, a));
  }

  @Get('storyboards/:id')
  @ApiOperation({ operationId: 'getStoryboards', summary: "A video's storyboards (seek-bar previews), or one as WebVTT (`width` or `height`)" })
  @VIDEO_ID_PARAM
  @ApiOkResponse({
    description: `${PASSED} without \`width\`/\`height\` an object with a \`storyboards\` array; with one, that storyboard as \`text/vtt\`.`,
    content: {
      'application/json': { schema: { ...OBJECT, required: ['storyboards'], properties: { storyboards: { type: 'array', items: OBJECT } } } },
      ...VTT,
    },
  })
  @ApiInvidiousErrors({ 400: BAD_VIDEO_ID, 404: "The upstream's message: no such video or storyboard" })
  @ApiUpstreamResponses()
  getStoryboards(@Param('id') id: string, @Query() query: StoryboardsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.passThrough.get(PASS_THROUGH_ROUTES.storyboards, `/api/v1/storyboards/${videoId(id)}`, query).then((a) => send(reply, a));
  }
}
