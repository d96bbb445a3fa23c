import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { Public } from '../../platform/access/public.decorator.js';
import { DomainError } from '../../platform/errors/domain-errors.js';
import { ApiError } from '../../platform/http/api-error.js';
import { validateRequest } from '../../platform/http/validation.js';
import { FormRejected } from '../../identity/browser/account.controller.js';
import { AccountService } from '../../identity/browser/account.service.js';
import { sendPage } from '../../identity/browser/browser-response.js';
import { InvidiousExportDto, InvidiousImportDto } from '../import-export/import-export.dto.js';
import { ImportExportService, type InvidiousExport } from '../import-export/import-export.service.js';
import { AccountImportFormDto } from './account-transfer.dto.js';

/**
 * The library part of the account page (docs/dialects/invidious.md#account-page): the Invidious
 * export and imports through the browser session. It lives in the Invidious dialect because the
 * import and export formats are Invidious's, and identity (which renders the page) may not import
 * a dialect; the page links here, and these routes reuse the page's session, site and CSRF checks.
 */
@ApiTags('browser')
@Controller('account')
export class AccountTransferController {
  constructor(
    private readonly account: AccountService,
    private readonly importExport: ImportExportService,
  ) {}

  @Get('export')
  @Public()
  @Expensive()
  @ApiOperation({
    operationId: 'accountExport',
    summary: "Download the caller's library as an Invidious export",
    description: 'What `GET /api/v1/auth/export/invidious` answers, as a file download for the browser session.',
  })
  @ApiOkResponse({ type: InvidiousExportDto, description: 'The export (`Content-Disposition: attachment`)' })
  @ApiFoundResponse({ description: 'Not signed in', headers: { Location: { schema: { type: 'string' }, description: '/login?referer=%2Faccount' } } })
  async accountExport(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvidiousExport | string> {
    const session = await this.account.sessionOf(request);
    if (!session) return sendPage(reply, this.account.toLogin());
    void reply.headers({ 'content-disposition': 'attachment; filename="subscription_manager.json"', 'cache-control': 'no-store' });
    return this.importExport.exportInvidious(session.userId);
  }

  @Post('import')
  @Public()
  @Expensive()
  @ApiOperation({
    operationId: 'accountImport',
    summary: 'Import a subscriptions file or an Invidious export from the account page',
    description:
      'The services of `POST /api/v1/auth/import/subscriptions` and `…/import/invidious`: all or nothing. On success, 302 to `/account?done=imported`; a refused file comes back as the account page naming the problem.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AccountImportFormDto })
  @ApiProduces('text/html')
  @ApiFoundResponse({
    description: 'Imported, or not signed in',
    headers: { Location: { schema: { type: 'string' }, description: '/account?done=imported, or /login?referer=%2Faccount' } },
  })
  @FormRejected('A file the import refuses (a page naming the problem), or a malformed form or multipart body (`{"detail": …}`); nothing is imported')
  @ApiResponse({ status: 403, description: 'Cross-site post, or a missing, wrong, expired or already used csrf_token', schema: { type: 'string' } })
  async accountImport(@Body() form: AccountImportFormDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const check = await this.account.checkForm(request, form.csrf_token, 'account-import');
    if (!check.ok) return sendPage(reply, check.response);
    const { session } = check;
    try {
      if (form.format === 'invidious') {
        let document: unknown;
        try {
          document = JSON.parse(form.file);
        } catch {
          return sendPage(reply, await this.account.render(400, session, { error: 'Cannot import: the file is not JSON; an Invidious export is.' }));
        }
        // The same checks and messages as POST /api/v1/auth/import/invidious.
        await this.importExport.importInvidious(session.userId, validateRequest(InvidiousImportDto, document).toImport());
      } else {
        await this.importExport.importSubscriptionFile(session.userId, { text: form.file });
      }
    } catch (error) {
      if (error instanceof DomainError) return sendPage(reply, await this.account.render(400, session, { error: `Cannot import: ${error.message}` }));
      const refused = error instanceof ApiError ? (error.body as { error?: unknown }).error : undefined;
      if (typeof refused === 'string') return sendPage(reply, await this.account.render(400, session, { error: `Cannot import: ${refused}` }));
      throw error;
    }
    void reply.code(302).headers({ location: '/account?done=imported', 'cache-control': 'no-store' });
    return '';
  }
}
