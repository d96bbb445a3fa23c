import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule, type AppRuntime } from './platform/config/config.module.js';
import type { AppConfig } from './platform/config/config.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { ENTITIES } from './entities.js';
import { AuthModule } from './identity/auth/auth.module.js';
import { TaLoginModule } from './tubearchivist/login/ta-login.module.js';
import { BrowserModule } from './identity/browser/browser.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { UpstreamInstancesModule } from './catalog/upstream/upstream-instances.module.js';
import { InstanceModule } from './invidious/instance/instance.module.js';
import { LoggingModule } from './platform/logging/logging.module.js';
import { QueueModule } from './platform/queue/queue.module.js';
import { RedisModule } from './platform/redis/redis.module.js';
import { SessionsModule } from './identity/sessions/sessions.module.js';
import { TokensModule } from './identity/tokens/tokens.module.js';
import { PreferencesModule } from './invidious/preferences/preferences.module.js';
import { UsersModule } from './identity/users/users.module.js';
import { CookieModule } from './tubearchivist/cookie/cookie.module.js';
import { CatalogModule } from './catalog/media/catalog.module.js';
import { InvidiousCatalogModule } from './invidious/catalog/invidious-catalog.module.js';
import { GatewayModule } from './invidious/gateway/gateway.module.js';
import { RefreshModule } from './catalog/refresh/refresh.module.js';
import { TaRefreshModule } from './tubearchivist/refresh/ta-refresh.module.js';
import { NotificationsModule } from './invidious/notifications/notifications.module.js';
import { PlaylistsModule } from './invidious/playlists/playlists.module.js';
import { SubscriptionsModule } from './catalog/subscriptions/subscriptions.module.js';
import { InvidiousSubscriptionsModule } from './invidious/subscriptions/invidious-subscriptions.module.js';
import { FeedModule } from './invidious/feed/feed.module.js';
import { HistoryModule } from './invidious/history/history.module.js';
import { AccountTransferModule } from './invidious/account/account-transfer.module.js';
import { ImportExportModule } from './invidious/import-export/import-export.module.js';
import { SearchModule } from './tubearchivist/search/search.module.js';
import { TaCompatModule } from './tubearchivist/archive/ta-compat.module.js';
import { TaPagesModule } from './tubearchivist/pages/ta-pages.module.js';
import { TaWatchedModule } from './tubearchivist/watched/ta-watched.module.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { AuditModule } from './platform/audit/audit.module.js';
import { LimitsModule } from './platform/limits/limits.module.js';

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
      imports: [
        ConfigModule.forRoot(config, runtime),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        QueueModule,
        UpstreamInstancesModule,
        HealthModule,
        InstanceModule,
        SessionsModule.register({ processJobs: config.ROLE !== 'api' }),
        UsersModule,
        AuthModule,
        TaLoginModule,
        TokensModule,
        PreferencesModule,
        BrowserModule,
        CookieModule.register({ processJobs: config.ROLE !== 'api' }),
        CatalogModule,
        InvidiousCatalogModule,
        RefreshModule.register({ processJobs: config.ROLE !== 'api' }),
        TaRefreshModule,
        NotificationsModule,
        PlaylistsModule,
        SubscriptionsModule,
        InvidiousSubscriptionsModule,
        FeedModule,
        HistoryModule,
        ImportExportModule,
        AccountTransferModule,
        SearchModule,
        TaWatchedModule,
        TaCompatModule,
        TaPagesModule,
        MetricsModule,
        AuditModule,
        LimitsModule,
        GatewayModule,
      ],
    };
  }
}
