import { Module } from '@nestjs/common';
import { UpstreamGateway } from './upstream-gateway.service.js';
import { UpstreamInstancesModule } from './upstream-instances.module.js';

/** The pass-through client of the Invidious upstream (shared cache, single flight, rate-limit state). */
@Module({
  imports: [UpstreamInstancesModule],
  providers: [UpstreamGateway],
  exports: [UpstreamGateway],
})
export class UpstreamGatewayModule {}
