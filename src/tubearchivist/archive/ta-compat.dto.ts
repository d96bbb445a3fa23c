import { ApiProperty } from '@nestjs/swagger';

export class TaSubscriptionChangeDto {
  @ApiProperty({
    example: '@RickAstleyYT',
    description: 'A channel id, an `@handle`, or a channel URL on youtube.com (`/channel/UC…`, `/@handle`, `/c/<name>`, `/user/<name>`; further path ignored)',
  })
  channel_id: string;

  @ApiProperty({ example: true, description: 'true subscribes, false unsubscribes' })
  channel_subscribed: boolean;
}

export class TaSubscriptionRequestDto {
  @ApiProperty({ type: [TaSubscriptionChangeDto], description: 'At most 1000 items; for one channel named twice, the last item wins' })
  data: TaSubscriptionChangeDto[];
}

export class TaDownloadItemDto {
  @ApiProperty({
    example: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    description:
      'A video, channel or playlist id, an `@handle`, or a URL: `youtu.be/<id>`, `/watch?v=<id>` (`v` beats `list`), `/shorts/<id>`, `/playlist?list=<id>` or a channel URL',
  })
  youtube_id: string;

  @ApiProperty({ example: 'pending', description: 'Only `pending` items are queued; others are skipped' })
  status: string;
}

export class TaDownloadRequestDto {
  @ApiProperty({ type: [TaDownloadItemDto], description: 'At most 1000 items' })
  data: TaDownloadItemDto[];
}

/** `GET /api/channel/search/` errors keep `data: false`, which the browser extension tests. */
export class TaChannelSearchErrorDto {
  @ApiProperty({ example: 'channel not found: @nobody' })
  message: string;

  @ApiProperty({ type: Boolean, enum: [false], example: false })
  data: false;
}
