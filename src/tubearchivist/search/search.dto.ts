import { ApiProperty } from '@nestjs/swagger';
import { TaChannelResultDto, TaPlaylistResultDto, TaVideoResultDto } from '../archive/ta-objects.dto.js';
import { QUERY_TYPES, type QueryType } from '../../catalog/search/search-query.js';

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

  @ApiProperty({ enum: QUERY_TYPES, example: 'simple', description: 'From the query\'s prefix (`video:`, `channel:`, `playlist:`, `full:`), else `simple`' })
  queryType: QueryType;
}
