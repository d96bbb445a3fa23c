import { Module } from '@nestjs/common';
import { HealthModule } from '../../platform/health/health.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { AuthorizeTokenService } from './authorize-token.service.js';
import { BrowserSessionService } from './browser-session.service.js';
import { BrowserController } from './browser.controller.js';
import { CsrfService } from './csrf.service.js';
import { FrontDoorController } from './front-door.controller.js';
import { LoginService } from './login.service.js';

/** The HTML pages: the front page at /, and the browser flows /login, /signout and /authorize_token, and the account page /account (docs/dialects/invidious.md#browser-flows). */
@Module({
  imports: [UsersModule, TokensModule, HealthModule],
  controllers: [FrontDoorController, BrowserController, AccountController],
  providers: [BrowserSessionService, CsrfService, LoginService, AuthorizeTokenService, AccountService],
  // The Invidious dialect's /account/import and /account/export check the same session, site and CSRF rules.
  exports: [AccountService],
})
export class BrowserModule {}
