import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';
import { MAX_SUBSCRIPTIONS_PER_USER } from '../../catalog/subscriptions/subscription-list.js';
import { InvidiousExportDto, InvidiousImportDto, SubscriptionFileDto } from './import-export.dto.js';
import { ImportExportService, type InvidiousExport } from './import-export.service.js';

const ALL_OR_NOTHING = `All or nothing: the body is validated whole first, then written in one transaction. Channels new to the catalog are queued for refresh, not fetched. At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user.`;

// Bodies are validated by hand (not the global pipe), to name every offending item in one message.
@ApiTags('import-export')
@Controller('api/v1/auth')
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

  @Post('import/invidious')
  @Expensive()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'importInvidious',
    summary: "Import an Invidious export into the caller's library",
    description: `Merges: subscriptions and history are added to what the caller has, preferences are patched. ${ALL_OR_NOTHING}`,
  })
  @ApiBody({ type: InvidiousImportDto })
  @ApiNoContentResponse({ description: 'Imported' })
  @ApiBadRequestResponse({
    type: InvidiousErrorDto,
    description: 'Not the export shape, an invalid id or preference (each named by key and index), or a limit exceeded; nothing is imported',
  })
  importInvidious(@CurrentPrincipal() caller: Principal, @Body() body: InvidiousImportDto): Promise<void> {
    return this.importExport.importInvidious(caller.userId, body.toImport());
  }

  @Post('import/subscriptions')
  @Expensive()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'importSubscriptions',
    summary: 'Subscribe to the channels of a YouTube/FreeTube CSV, an OPML file or a NewPipe export',
    description: `The file's text travels as a JSON string (\`{"content": "…"}\`), within the 1 MiB body limit. Adds to the current subscriptions. ${ALL_OR_NOTHING}`,
  })
  @ApiBody({ type: SubscriptionFileDto })
  @ApiNoContentResponse({ description: 'Subscribed' })
  @ApiBadRequestResponse({
    type: InvidiousErrorDto,
    description:
      'Not `{"content": string}`, a malformed file (the problems name their line, outline or item), or the subscription limit exceeded; nothing is imported',
  })
  importSubscriptions(@CurrentPrincipal() caller: Principal, @Body() body: SubscriptionFileDto): Promise<void> {
    return this.importExport.importSubscriptionFile(caller.userId, body.content);
  }
}
