import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthorizeTokenService } from './authorize-token.service.js';
import { BrowserSessionService } from './browser-session.service.js';
import { BrowserController } from './browser.controller.js';
import { CsrfService } from './csrf.service.js';
import { LoginService } from './login.service.js';

/** The HTML browser flows: /login, /signout and /authorize_token (docs/dialects/invidious.md#browser-flows). */
@Module({
  imports: [UsersModule, TokensModule],
  controllers: [BrowserController],
  providers: [BrowserSessionService, CsrfService, LoginService, AuthorizeTokenService],
})
export class BrowserModule {}
