import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../feed/page-query.dto.js';
import { MAX_RESULTS, PAGE } from '../feed/page-query.js';

export class HistoryQueryDto extends PageQueryDto {
  // Documented in the order the spec has always listed them.
  @ApiPropertyOptional({ type: 'integer', minimum: PAGE.min, maximum: PAGE.max, description: '1-based page; default 1; past the end: []' })
  declare page: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MAX_RESULTS.min,
    maximum: MAX_RESULTS.max,
    description: "Ids per page; default: the caller's `max_results` preference",
  })
  declare max_results?: number;
}
