import { Global, Module } from '@nestjs/common';
import { UPSTREAM_HEALTH } from '../../platform/health/upstream-health.js';
import { UpstreamInstances } from './upstream-instances.service.js';

/**
 * The one UpstreamPool of the process. Global so that readiness (platform, which imports no
 * feature) finds it under UPSTREAM_HEALTH; the composition root imports it once.
 */
@Global()
@Module({
  providers: [UpstreamInstances, { provide: UPSTREAM_HEALTH, useExisting: UpstreamInstances }],
  exports: [UpstreamInstances, UPSTREAM_HEALTH],
})
export class UpstreamInstancesModule {}
