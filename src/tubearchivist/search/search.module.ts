import { Module } from '@nestjs/common';
import { TaCompatModule } from '../archive/ta-compat.module.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from '../../catalog/search/search.repository.js';
import { SearchService } from './search.service.js';

/** TubeArchivist's `GET /api/search/` over the catalog. */
@Module({
  imports: [TaCompatModule],
  controllers: [SearchController],
  providers: [SearchRepository, SearchService],
})
export class SearchModule {}
