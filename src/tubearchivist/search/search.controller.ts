import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Expensive } from '../../platform/access/expensive.decorator.js';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { TaBadRequestResponse } from '../archive/ta-api-responses.js';
import { SEARCH_MESSAGES } from '../../catalog/search/search-query.js';
import { SearchQueryDto, SearchResponseDto } from './search.dto.js';
import { SearchService, type SearchResponse } from './search.service.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';
import { SerializedBySchema } from '../../platform/openapi/response-schemas.js';

@TubeArchivistController('api/search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get()
  @Expensive()
  @SerializedBySchema()
  @ApiOperation({
    operationId: 'search',
    summary: 'Search the catalog (TubeArchivist syntax, Postgres full-text search)',
    description: [
      'The first word may name the kind: `video:`, `channel:`, `playlist:` or `full:` (subtitles: always empty); otherwise videos, channels and playlists are all searched (`simple`).',
      "Secondary keywords: `video:` takes `channel:<name words>` and `active:yes|no`; `channel:` and `playlist:` take `active:` and `subscribed:` (the caller's subscriptions); `fuzzy:` is accepted and ignored.",
      'The term follows web-search syntax (`"a phrase"`, `-word`, `or`); its last plain word also matches as a prefix, so a search can be typed incrementally.',
      'Ranked by ts_rank (titles and names weigh most), at most 30 results in all. Other parameters (`page`) are ignored.',
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: SearchResponseDto })
  @TaBadRequestResponse(`\`${SEARCH_MESSAGES.missing}\` (missing or blank), or \`${SEARCH_MESSAGES.tooLong}\``)
  search(@Query() query: SearchQueryDto, @CurrentPrincipal() caller: Principal): Promise<SearchResponse> {
    return this.searches.search(query.query, caller.userId);
  }
}
