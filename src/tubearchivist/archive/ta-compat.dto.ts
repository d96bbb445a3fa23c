import { ApiProperty } from '@nestjs/swagger';
import { ApiError } from '../../platform/http/api-error.js';
import { LastValue, RequestDto, Rule } from '../../platform/http/validation.js';
import { DOWNLOAD_FIELDS, downloadReferenceProblem, itemFieldsProblem, LIST_RULES, SUBSCRIPTION_FIELDS, subscriptionReferenceProblem } from './ta-requests.js';

/**
 * A `data` list's rules, one step each: present, a list, at most 1000 items, objects; then every
 * item's fields (as its item DTO documents them); then every item's reference.
 */
function ItemList(fields: [string, 'string' | 'boolean'][], referenceProblem: (data: unknown) => string | null): PropertyDecorator {
  return (target, property) => {
    LIST_RULES.forEach((rule, step) => Rule(`taList${step}`, rule, step)(target, property));
    Rule('taItemFields', (data) => itemFieldsProblem(data, fields), LIST_RULES.length)(target, property);
    Rule('taItemReferences', referenceProblem, LIST_RULES.length + 1)(target, property);
  };
}

/** Both list bodies answer with the body as sent, and refuse with TubeArchivist's `{"message"}`. */
const TA_LIST_BODY = {
  dialect: 'tubearchivist',
  unknownField: 'keep',
  error: ([first]) => new ApiError(400, { message: first.message }),
} as const satisfies Parameters<typeof RequestDto>[0];

export class TaSubscriptionChangeDto {
  @ApiProperty({
    example: '@RickAstleyYT',
    description: 'A channel id, an `@handle`, or a channel URL on youtube.com (`/channel/UC…`, `/@handle`, `/c/<name>`, `/user/<name>`; further path ignored)',
  })
  channel_id: string;

  @ApiProperty({ example: true, description: 'true subscribes, false unsubscribes' })
  channel_subscribed: boolean;
}

@RequestDto(TA_LIST_BODY)
export class TaSubscriptionRequestDto {
  @ApiProperty({ type: [TaSubscriptionChangeDto], description: 'At most 1000 items; for one channel named twice, the last item wins' })
  @ItemList(SUBSCRIPTION_FIELDS, subscriptionReferenceProblem)
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

@RequestDto(TA_LIST_BODY)
export class TaDownloadRequestDto {
  @ApiProperty({ type: [TaDownloadItemDto], description: 'At most 1000 items' })
  @ItemList(DOWNLOAD_FIELDS, downloadReferenceProblem)
  data: TaDownloadItemDto[];
}

/** `GET /api/channel/search/`'s query: `q`, the last one if repeated; other parameters are ignored. */
@RequestDto({ dialect: 'tubearchivist', error: ([first]) => new ApiError(400, { message: first.message, data: false }) })
export class TaChannelSearchQueryDto {
  @ApiProperty({
    type: String,
    example: '@RickAstleyYT',
    description: 'A channel id, `@handle` or channel URL; handles and names are resolved by the upstream (cached 24 h)',
  })
  @LastValue()
  @Rule('channelSearchText', (q) => (typeof q !== 'string' || q.trim() === '' ? 'missing expected q parameter' : null))
  q: string;
}

/** `GET /api/channel/search/` errors keep `data: false`, which the browser extension tests. */
export class TaChannelSearchErrorDto {
  @ApiProperty({ example: 'channel not found: @nobody' })
  message: string;

  @ApiProperty({ type: Boolean, enum: [false], example: false })
  data: false;
}
