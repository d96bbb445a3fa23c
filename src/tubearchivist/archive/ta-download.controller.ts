import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { AdminOnly } from '../../platform/access/decorators.js';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { TaDownloadRequestDto } from './ta-compat.dto.js';
import { TaDownloadService } from './ta-download.service.js';
import { TaBadRequestResponse } from './ta-api-responses.js';
import { downloadItemsOf } from './ta-requests.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

@TubeArchivistController('api/download')
@AdminOnly()
export class TaDownloadController {
  constructor(private readonly downloads: TaDownloadService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postDownload',
    summary: "TubeArchivist's download queue, mapped to the refresh queue",
    description:
      'Nothing is downloaded: each `pending` item becomes a refresh job (a video; a channel and its newest page of videos; a playlist and its members). All or nothing: every item is checked and every handle resolved first. Answers with the body as sent.',
  })
  @ApiQuery({ name: 'autostart', required: false, type: String, description: 'Ignored' })
  @ApiBody({ type: TaDownloadRequestDto })
  @ApiOkResponse({ type: TaDownloadRequestDto, description: 'The request body, unchanged' })
  @TaBadRequestResponse(
    '`missing expected data key`; a malformed item (named by index) or more than 1000; `invalid domain: <host>`; an id or URL that cannot be parsed; `channel not found: <value>`. Nothing was queued',
  )
  @ApiServiceUnavailableResponse({
    type: TubeArchivistErrorDto,
    description: 'No upstream configured, or a handle could not be resolved because the upstream is not answering',
  })
  async postDownload(@Body() body: TaDownloadRequestDto): Promise<TaDownloadRequestDto> {
    await this.downloads.request(downloadItemsOf(body.data));
    return body;
  }
}
