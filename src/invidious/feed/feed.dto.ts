import { ApiProperty } from '@nestjs/swagger';
import { FeedVideoDto } from '../catalog/catalog.dto.js';
import type { FeedResponse } from './feed.service.js';

/** docs/dialects/invidious.md#feed. */
export class FeedDto implements FeedResponse {
  @ApiProperty({
    type: [FeedVideoDto],
    description: "This page's videos that are on the caller's notification list (new uploads since the feed last showed them); reading the feed removes them from the list",
  })
  notifications: FeedVideoDto[];

  @ApiProperty({ type: [FeedVideoDto], description: "The page's other videos of the caller's subscribed channels" })
  videos: FeedVideoDto[];
}
