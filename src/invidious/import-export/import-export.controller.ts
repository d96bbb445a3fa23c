import { applyDecorators, Get, HttpCode, Post } from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { fileRequestBody, FileUpload, jsonOneOf, RequestBody, type FileUploadSpec, type UploadedBody } from '../../platform/http/file-body.js';
import { MAX_SUBSCRIPTIONS_PER_USER } from '../../catalog/subscriptions/subscription-list.js';
import { InvidiousExportDto, InvidiousImportDto, SubscriptionFileDto } from './import-export.dto.js';
import { ImportExportService, type InvidiousExport } from './import-export.service.js';
import { invidiousImportOfBody, subscriptionFileOfBody } from './import-body.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

const ALL_OR_NOTHING = `All or nothing: the body is validated whole first, then written in one transaction. Channels new to the catalog are queued for refresh, not fetched. At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user.`;
const FILE_WAYS =
  'The file travels as the body in its own media type (`curl --data-binary @file -H "Content-Type: …"`), as the part `file` of a `multipart/form-data` body (`curl -F file=@…`), or wrapped in JSON; within the 1 MiB body limit, as UTF-8 text.';

const OPML = { type: 'string', description: 'An OPML file (outlines whose `xmlUrl` is `…/feeds/videos.xml?channel_id=UC…`)' } as const;
const SUBSCRIPTION_UPLOAD: FileUploadSpec = {
  json: jsonOneOf(SubscriptionFileDto, {
    type: 'object',
    title: 'NewPipe export',
    description: "NewPipe's subscriptions export as it is (an object with `subscriptions` and no `content`)",
    required: ['subscriptions'],
    properties: {
      app_version: { type: 'string', example: '0.27.0' },
      app_version_int: { type: 'integer', example: 1000 },
      subscriptions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['service_id', 'url'],
          properties: {
            service_id: { type: 'integer', example: 0, description: 'YouTube is 0; other services are refused' },
            url: { type: 'string', example: 'https://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw' },
            name: { type: 'string', example: 'Rick Astley' },
          },
        },
      },
    },
  }),
  raw: {
    'text/csv': {
      type: 'string',
      description: 'A CSV whose header names a `Channel Id` column (YouTube Takeout, FreeTube)',
      example: 'Channel Id,Channel Url,Channel Title\nUCuAXFkgsw1L7xaCfnd5JJOw,http://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw,Rick Astley\n',
    },
    'text/x-opml': OPML,
    'application/xml': OPML,
    'text/xml': OPML,
    'text/plain': { type: 'string', description: 'Any of the three formats, told apart by its first character (`<` OPML, `{` NewPipe, else CSV)' },
    'application/octet-stream': {
      type: 'string',
      format: 'binary',
      description: 'Any of the three formats, told apart by its first character (`<` OPML, `{` NewPipe, else CSV)',
    },
  },
  file: "A subscriptions CSV, an OPML file or a NewPipe export. The part's own Content-Type names the format (`text/csv`; `text/x-opml`, `application/xml` or `text/xml`; `application/json` for NewPipe); any other, or none, leaves it to the first character",
};

const INVIDIOUS_UPLOAD: FileUploadSpec = {
  json: jsonOneOf(InvidiousImportDto, {
    type: 'object',
    title: 'Wrapped export',
    required: ['content'],
    properties: {
      content: { type: 'string', description: "The export's text, as one JSON string", example: '{"subscriptions":["UCuAXFkgsw1L7xaCfnd5JJOw"]}' },
    },
  }),
  raw: { 'application/octet-stream': { type: 'string', format: 'binary', description: 'The export file (JSON)' } },
  file: 'The export file (JSON), whatever the part declares as its Content-Type',
};

/** An import route: an expensive file upload answered 204, or 400 naming what the import refuses. */
const ImportRoute = (
  path: string,
  upload: FileUploadSpec,
  route: { operationId: string; summary: string; description: string; done: string; refused: string },
) =>
  applyDecorators(
    Post(path),
    Expensive(),
    HttpCode(204),
    FileUpload(upload),
    ApiOperation({ operationId: route.operationId, summary: route.summary, description: route.description, requestBody: fileRequestBody(upload) }),
    ApiNoContentResponse({ description: route.done }),
    ApiInvidiousErrors({ 400: route.refused }),
  );

// Bodies are validated by hand (not the global pipe), to name every offending item in one message.
@InvidiousAuthController('import-export', 'api/v1/auth')
@ApiExtraModels(SubscriptionFileDto, InvidiousImportDto)
export class ImportExportController {
  constructor(private readonly importExport: ImportExportService) {}

  @Get('export/invidious')
  @Expensive()
  @ApiOperation({
    operationId: 'exportInvidious',
    summary: "The caller's library in Invidious's export format",
    description: 'Subscriptions, watch history (oldest first), every preference and the playlists.',
  })
  @ApiOkResponse({ type: InvidiousExportDto, description: 'The export document, which `import/invidious` accepts as is' })
  exportInvidious(@CurrentPrincipal() caller: Principal): Promise<InvidiousExport> {
    return this.importExport.exportInvidious(caller.userId);
  }

  @ImportRoute('import/invidious', INVIDIOUS_UPLOAD, {
    operationId: 'importInvidious',
    summary: "Import an Invidious export into the caller's library",
    description: `Merges: subscriptions and history are added to what the caller has, preferences are patched. The export is the JSON body as it is, or the export file: as the body (\`application/octet-stream\`), as the part \`file\` of a \`multipart/form-data\` body (\`curl -F file=@subscription_manager.json\`), or wrapped as \`{"content": "<the export's text>"}\`; within the 1 MiB body limit. ${ALL_OR_NOTHING}`,
    done: 'Imported',
    refused:
      'Not the export shape, an empty file or one that is not JSON, an invalid id or preference (each named by key and index), or a limit exceeded; nothing is imported',
  })
  importInvidious(@CurrentPrincipal() caller: Principal, @RequestBody() body: UploadedBody): Promise<void> {
    return this.importExport.importInvidious(caller.userId, invidiousImportOfBody(body));
  }

  @ImportRoute('import/subscriptions', SUBSCRIPTION_UPLOAD, {
    operationId: 'importSubscriptions',
    summary: 'Subscribe to the channels of a YouTube/FreeTube CSV, an OPML file or a NewPipe export',
    description: `${FILE_WAYS} The media type names the format; \`text/plain\` and \`application/octet-stream\` leave it to the first character. In JSON, the file is \`{"content": "<the file's text>"}\` or NewPipe's export as it is. Adds to the current subscriptions. ${ALL_OR_NOTHING}`,
    done: 'Subscribed',
    refused:
      'An empty file, not `{"content": string}`, a malformed file (the problems name their line, outline or item), or the subscription limit exceeded; nothing is imported',
  })
  importSubscriptions(@CurrentPrincipal() caller: Principal, @RequestBody() body: UploadedBody): Promise<void> {
    return this.importExport.importSubscriptionFile(caller.userId, subscriptionFileOfBody(body));
  }
}
