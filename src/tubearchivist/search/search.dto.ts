import { ApiProperty } from '@nestjs/swagger';
import { ApiError } from '../../platform/http/api-error.js';
import { LastValue, RequestDto, Rule } from '../../platform/http/validation.js';
import { TaChannelResultDto, TaPlaylistResultDto, TaVideoResultDto } from '../archive/ta-objects.dto.js';
import { MAX_QUERY_CHARACTERS, QUERY_TYPES, searchTextProblem, type QueryType } from '../../catalog/search/search-query.js';

/** `GET /api/search/`'s query; other parameters (`page`) are ignored. */
@RequestDto({ dialect: 'tubearchivist', error: ([first]) => new ApiError(400, { message: first.message }) })
export class SearchQueryDto {
  @ApiProperty({
    type: String,
    maxLength: MAX_QUERY_CHARACTERS,
    example: 'video:never gonna channel:rick',
    description: `At most ${MAX_QUERY_CHARACTERS} characters`,
  })
  @LastValue()
  @Rule('searchText', searchTextProblem)
  query: string;
}

export class SearchResultsDto {
  @ApiProperty({ type: [TaVideoResultDto], description: 'Best match first' })
  video_results: TaVideoResultDto[];

  @ApiProperty({ type: [TaChannelResultDto], description: 'Best match first' })
  channel_results: TaChannelResultDto[];

  @ApiProperty({ type: [TaPlaylistResultDto], description: 'Best match first' })
  playlist_results: TaPlaylistResultDto[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [], description: 'Always empty: tubevault has no subtitles' })
  fulltext_results: never[];
}

export class SearchResponseDto {
  @ApiProperty({ type: SearchResultsDto, description: 'At most 30 results in all' })
  results: SearchResultsDto;

  @ApiProperty({ enum: QUERY_TYPES, example: 'simple', description: "From the query's prefix (`video:`, `channel:`, `playlist:`, `full:`), else `simple`" })
  queryType: QueryType;
}
