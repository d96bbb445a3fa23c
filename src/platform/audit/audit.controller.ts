import { Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TubeArchivistErrorDto } from '../http/error-dtos.js';
import { AUDIT_PAGE_SIZE_DEFAULT, AuditPageDto, AuditQueryDto, toAuditEventDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';
import { AdminController } from '../http/controllers.js';

@AdminController('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'Security-relevant events, newest first (admins only)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({
    type: TubeArchivistErrorDto,
    description: '`page` or `page_size` is not a positive integer, `page_size` is over 100, or an unknown parameter',
  })
  async listAuditEvents(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? AUDIT_PAGE_SIZE_DEFAULT;
    const { events, total } = await this.audit.list(page, pageSize);
    return { events: events.map(toAuditEventDto), page, page_size: pageSize, total };
  }
}
