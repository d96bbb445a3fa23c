import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { ChannelEntity } from '../../catalog/media/channel.entity.js';
import { VideoEntity } from '../../catalog/media/video.entity.js';
import { NotificationMetrics } from './notification-metrics.js';
import { NotificationVideos } from './notification-videos.repository.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** The Invidious notification stream (`/api/v1/auth/notifications`), fed by catalog events. */
@Module({
  imports: [CatalogModule, TypeOrmModule.forFeature([VideoEntity, ChannelEntity])],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationVideos, NotificationMetrics],
})
export class NotificationsModule {}
