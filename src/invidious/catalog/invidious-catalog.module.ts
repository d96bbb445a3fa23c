import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/media/catalog.module.js';
import { PlaybackModule } from '../gateway/playback.module.js';
import { CatalogController } from './catalog.controller.js';
import { PublicCatalogService } from './public-catalog.service.js';

/** The public Invidious reads of the shared catalog: `/api/v1/videos`, `/channels`, `/popular`. */
@Module({
  imports: [CatalogModule, PlaybackModule],
  controllers: [CatalogController],
  providers: [PublicCatalogService],
})
export class InvidiousCatalogModule {}
