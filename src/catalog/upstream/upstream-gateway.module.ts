import { Module } from '@nestjs/common';
import { UpstreamGateway } from './upstream-gateway.service.js';

/** The pass-through client of the Invidious upstream (shared cache, single flight, rate-limit state). */
@Module({
  providers: [UpstreamGateway],
  exports: [UpstreamGateway],
})
export class UpstreamGatewayModule {}
