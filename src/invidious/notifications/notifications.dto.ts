import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import {
  fieldsProblem,
  givenTwiceProblem,
  joinedTopics,
  LOCAL_VALUES,
  localOf,
  localProblem,
  notificationsRequestOf,
  sinceProblem,
  topicCountProblem,
  topicsProblem,
  type EventView,
  type NotificationsRequest,
} from './notifications-request.js';

export const LOCAL_DESCRIPTION =
  '`true` (or `1`): in each event, as on `GET /api/v1/videos/:id?local=true`, every absolute URL points at tubevault (stream URLs, `dashUrl`, thumbnails). Default false';

export const TOPICS_DESCRIPTION =
  'Comma-separated channel ids (`UC` + 22 characters) and/or `debug`, at most 1000 after dropping empty items and duplicates; none is allowed';

/**
 * A notification stream's parameters, checked in this order: topics, since, fields, local; other
 * parameters are ignored. No topics at all is allowed: Materialious opens the stream without any,
 * only to wait for its headers.
 */
@RequestDto({ dialect: 'invidious' })
export class NotificationsQueryDto {
  // Documented in the order the spec has always listed them.
  @ApiPropertyOptional({
    schema: { type: 'integer', minimum: 0, example: 1700000000 },
    description: 'Unix seconds: first replay the videos published after it. Empty counts as absent',
  } as object)
  @Rule('sinceOnce', (since) => givenTwiceProblem('since', since), 3)
  @Rule('since', sinceProblem, 4)
  since?: string;

  @ApiPropertyOptional({ type: String, description: 'Invidious `fields` selection applied to each event, e.g. `videoId,title,videoThumbnails(quality,url)`' })
  @Rule('fieldsOnce', (fields) => givenTwiceProblem('fields parameter', fields), 5)
  @Rule('fieldsSyntax', fieldsProblem, 6)
  fields?: string;

  /** Repeated parameters are joined. */
  @ApiPropertyOptional({ type: String, description: TOPICS_DESCRIPTION, example: 'UCuAXFkgsw1L7xaCfnd5JJOw,debug' })
  @Transform(({ value }: { value: unknown }) => joinedTopics(value))
  @Rule('topicsOnce', (topics) => givenTwiceProblem('topics', topics), 0)
  @Rule('topicCount', topicCountProblem, 1)
  @Rule('topics', topicsProblem, 2)
  topics?: string;

  @ApiPropertyOptional({ enum: LOCAL_VALUES, description: LOCAL_DESCRIPTION })
  @Rule('localOnce', (local) => givenTwiceProblem('local', local), 7)
  @Rule('local', localProblem, 8)
  local?: string;

  toRequest(): NotificationsRequest {
    return notificationsRequestOf(this.topics, this.since, this.fields);
  }

  /** `origin`: tubevault's, computed as for `GET /api/v1/videos/:id`. */
  toView(origin: string): EventView {
    return { origin, local: localOf(this.local) };
  }
}
