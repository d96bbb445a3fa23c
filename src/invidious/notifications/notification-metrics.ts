import { Injectable } from '@nestjs/common';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import { NotificationsService } from './notifications.service.js';

/** Publishes this process's open notification streams as `tubevault_notification_streams_open`. */
@Injectable()
export class NotificationMetrics {
  constructor(metrics: MetricsService, notifications: NotificationsService) {
    metrics.registerGauge({
      name: 'tubevault_notification_streams_open',
      help: 'Open notification (Server-Sent Events) streams in this process',
      read: () => notifications.openStreams,
    });
  }
}
