import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueJobMetrics } from './queue-job-metrics.js';

/** Prometheus metrics at /metrics. Global: the guard and the audit log count into MetricsService. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, QueueJobMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
