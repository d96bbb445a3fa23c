import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UpstreamGatewayModule } from '../../catalog/upstream/upstream-gateway.module.js';
import { LocalUrlsInterceptor } from './local-urls.interceptor.js';
import { MediaController } from './media.controller.js';
import { PassThroughController } from './pass-through.controller.js';
import { PassThroughService } from './pass-through.service.js';

/** The Invidious routes answered by the upstream, the media and image proxies, and `local=true` on every `/api/v1/` answer. */
@Module({
  imports: [UpstreamGatewayModule],
  controllers: [PassThroughController, MediaController],
  providers: [PassThroughService, { provide: APP_INTERCEPTOR, useClass: LocalUrlsInterceptor }],
  exports: [PassThroughService],
})
export class GatewayModule {}
