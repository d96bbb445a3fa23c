import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { PlaybackModule } from '../gateway/playback.module.js';
import { NotificationMetrics } from './notification-metrics.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** The Invidious notification stream (`/api/v1/auth/notifications`), fed by catalog events. */
@Module({
  imports: [CatalogModule, PlaybackModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationMetrics],
})
export class NotificationsModule {}
