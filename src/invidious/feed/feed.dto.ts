import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FeedVideoDto } from '../catalog/catalog.dto.js';
import type { FeedResponse } from './feed.service.js';
import { PageQueryDto } from './page-query.dto.js';
import { MAX_RESULTS, PAGE } from './page-query.js';

export class FeedQueryDto extends PageQueryDto {
  // Documented in the order the spec has always listed them.
  @ApiPropertyOptional({ type: 'integer', minimum: PAGE.min, maximum: PAGE.max, description: '1-based page; default 1' })
  declare page: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MAX_RESULTS.min,
    maximum: MAX_RESULTS.max,
    description: "Videos per page; default: the caller's `max_results` preference (0 there gives empty lists)",
  })
  declare max_results?: number;
}

/** docs/dialects/invidious.md#feed. */
export class FeedDto implements FeedResponse {
  @ApiProperty({
    type: [FeedVideoDto],
    description:
      "This page's videos that are on the caller's notification list (new uploads since the feed last showed them); reading the feed removes them from the list",
  })
  notifications: FeedVideoDto[];

  @ApiProperty({ type: [FeedVideoDto], description: "The page's other videos of the caller's subscribed channels" })
  videos: FeedVideoDto[];
}
