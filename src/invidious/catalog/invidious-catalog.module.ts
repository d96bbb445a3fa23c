import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { UpstreamGatewayModule } from '../../catalog/upstream/upstream-gateway.module.js';
import { CatalogController } from './catalog.controller.js';
import { PublicCatalogService } from './public-catalog.service.js';

/** The public Invidious reads of the shared catalog: `/api/v1/videos`, `/channels`, `/popular`. */
@Module({
  imports: [CatalogModule, UpstreamGatewayModule],
  controllers: [CatalogController],
  providers: [PublicCatalogService],
})
export class InvidiousCatalogModule {}
