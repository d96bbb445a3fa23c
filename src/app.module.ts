import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule, type AppRuntime } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BrowserModule } from './browser/browser.module.js';
import { CookieModule } from './cookie/cookie.module.js';
import { HealthModule } from './health/health.module.js';
import { InstanceModule } from './instance/instance.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { PreferencesModule } from './preferences/preferences.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppOptions {
  config: AppConfig;
  runtime: AppRuntime;
  logger: Logger;
}

@Module({})
export class AppModule {
  static register({ config, runtime, logger }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, runtime), LoggingModule.forRoot(logger), DatabaseModule, RedisModule, QueueModule, HealthModule, InstanceModule, SessionsModule.register({ processJobs: config.ROLE !== 'api' }), UsersModule, AuthModule, TokensModule, PreferencesModule, BrowserModule, CookieModule.register({ processJobs: config.ROLE !== 'api' })],
    };
  }
}
