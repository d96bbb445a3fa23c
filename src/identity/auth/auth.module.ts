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

/** Credentials, keys, the login throttle and the global guard. Every route is protected unless `@Public()`. */
@Global()
@Module({
  imports: [PassportModule, UsersModule],
  providers: [SettingsRepository, KeysService, JwtStrategy, CredentialResolver, LoginThrottleService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [KeysService, CredentialResolver, LoginThrottleService],
})
export class AuthModule {}
