import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule, type AppRuntime } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BrowserModule } from './browser/browser.module.js';
import { HealthModule } from './health/health.module.js';
import { InstanceModule } from './instance/instance.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { PreferencesModule } from './preferences/preferences.module.js';
import { UsersModule } from './users/users.module.js';
import { CookieModule } from './cookie/cookie.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { RefreshModule } from './refresh/refresh.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PlaylistsModule } from './playlists/playlists.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { FeedModule } from './feed/feed.module.js';
import { HistoryModule } from './history/history.module.js';
import { ImportExportModule } from './import-export/import-export.module.js';
import { SearchModule } from './search/search.module.js';
import { TaCompatModule } from './ta-compat/ta-compat.module.js';
import { TaWatchedModule } from './watched/ta-watched.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AuditModule } from './audit/audit.module.js';

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
      imports: [ConfigModule.forRoot(config, runtime), LoggingModule.forRoot(logger), DatabaseModule, RedisModule, QueueModule, HealthModule, InstanceModule, SessionsModule.register({ processJobs: config.ROLE !== 'api' }), UsersModule, AuthModule, TokensModule, PreferencesModule, BrowserModule, CookieModule.register({ processJobs: config.ROLE !== 'api' }), CatalogModule, RefreshModule.register({ processJobs: config.ROLE !== 'api' }), NotificationsModule, PlaylistsModule, SubscriptionsModule, FeedModule, HistoryModule, ImportExportModule, SearchModule, TaWatchedModule, TaCompatModule, MetricsModule, AuditModule],
    };
  }
}
