import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module.js';
import { AuthGuard } from './auth.guard.js';
import { CredentialResolver } from './credential-resolver.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { KeysService } from './keys.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SettingsRepository } from './settings.repository.js';
import { TubeArchivistAuthController } from '../../tubearchivist/login/tubearchivist-auth.controller.js';
import { TubeArchivistAuthService } from '../../tubearchivist/login/tubearchivist-auth.service.js';

/** Credentials, the global guard and the TubeArchivist login. Every route is protected unless `@Public()`. */
@Global()
@Module({
  imports: [PassportModule, UsersModule],
  controllers: [TubeArchivistAuthController],
  providers: [
    SettingsRepository,
    KeysService,
    JwtStrategy,
    CredentialResolver,
    LoginThrottleService,
    TubeArchivistAuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [KeysService, CredentialResolver, LoginThrottleService],
})
export class AuthModule {}
