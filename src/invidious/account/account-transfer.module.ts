import { Module } from '@nestjs/common';
import { BrowserModule } from '../../identity/browser/browser.module.js';
import { ImportExportModule } from '../import-export/import-export.module.js';
import { AccountTransferController } from './account-transfer.controller.js';

/** The account page's export download and import upload (/account/export, /account/import). */
@Module({
  imports: [ImportExportModule, BrowserModule],
  controllers: [AccountTransferController],
})
export class AccountTransferModule {}
