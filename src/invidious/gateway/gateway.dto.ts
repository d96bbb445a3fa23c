import { ApiPropertyOptional, ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DecimalInteger } from '../../platform/http/validation.js';

/**
 * Query DTOs of the pass-through routes (docs/dialects/invidious.md#search-and-pass-through-routes).
 * Each accepts the parameters Invidious documents for the route, plus `hl`, `region`, `local` and
 * `pretty`, which every Invidious route takes.
 */

export const SEARCH_TYPES = ['all', 'video', 'channel', 'playlist', 'movie', 'show'] as const;
export const SEARCH_SORTS = ['relevance', 'rating', 'upload_date', 'date', 'view_count', 'views'] as const;
export const SEARCH_DATES = ['hour', 'today', 'week', 'month', 'year'] as const;
export const SEARCH_DURATIONS = ['short', 'medium', 'long'] as const;
export const SEARCH_FEATURES = [
  'hd',
  'subtitles',
  'creative_commons',
  'cc',
  '3d',
  'live',
  'livestream',
  'purchased',
  '4k',
  '360',
  'location',
  'hdr',
  'vr180',
] as const;
export const COMMENT_SORTS = ['top', 'new'] as const;
export const TRENDING_TYPES = ['default', 'music', 'gaming', 'movies'] as const;
const BOOLEAN_TEXTS = ['true', 'false', '1', '0'] as const;

/** Clients send unset filters as empty values (`date=&duration=`): those count as absent, as on Invidious. */
const EmptyAsAbsent = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** Decorators applied as the same stack written above a property would be (bottom first): rule order decides which message wins. */
const stack =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };

/** An optional parameter (empty counts as absent), documented by `doc` and checked by `rules`. */
const OptionalQuery = (doc: ApiPropertyOptions, ...rules: PropertyDecorator[]) => stack(ApiPropertyOptional(doc), EmptyAsAbsent(), IsOptional(), ...rules);

/** A required parameter of 1 to `max` characters. */
const RequiredText = (name: string, max: number, doc: ApiPropertyOptions) =>
  stack(
    ApiProperty(doc),
    IsString({ message: `${name} is required` }),
    MinLength(1, { message: `${name} is required` }),
    MaxLength(max, { message: `${name} must be at most ${max} characters` }),
  );

/** One of `values`; the message lists them. */
const OneOf = (name: string, values: readonly string[]) => IsIn(values, { message: `${name} must be one of ${values.join(', ')}` });

/** Decimal digits for an integer from `min` to `max`; one message for every way to miss it. */
const IntegerFrom = (name: string, min: number, max: number) => {
  const message = `${name} must be an integer ${min}-${max}`;
  return stack(DecimalInteger(), IsInt({ message }), Min(min, { message }), Max(max, { message }));
};

/** A language code such as `en` or `pt-BR`. */
const LanguageCode = (name: string, example: string) =>
  Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, { message: `${name} must be a language code such as ${example}` });

export class InvidiousCommonQueryDto {
  @OptionalQuery(
    { example: 'en-US', description: 'Interface language; passed on to the upstream' },
    IsString(),
    Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: 'hl must be a language tag such as en-US' }),
  )
  hl?: string;

  @OptionalQuery(
    { example: 'US', description: 'ISO 3166 country code; passed on to the upstream where it matters (search, trending)' },
    IsString(),
    Matches(/^[A-Z]{2}$/, { message: 'region must be two capital letters such as US' }),
  )
  region?: string;

  @OptionalQuery(
    {
      enum: BOOLEAN_TEXTS,
      description: '`true`: every absolute URL in the answer points at tubevault (see docs/dialects/invidious.md#local-urls)',
    },
    OneOf('local', BOOLEAN_TEXTS),
  )
  local?: string;

  @OptionalQuery({ enum: BOOLEAN_TEXTS, description: 'Accepted and ignored' }, OneOf('pretty', BOOLEAN_TEXTS))
  pretty?: string;
}

export class SearchQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery(
    {
      example: 'never gonna give you up',
      description: 'The search terms (at most 500 characters); Invidious filter operators such as `sort:views` work too',
    },
    IsString(),
    MaxLength(500, { message: 'q must be at most 500 characters' }),
  )
  q?: string;

  @OptionalQuery({ enum: SEARCH_TYPES, description: 'Default all' }, OneOf('type', SEARCH_TYPES))
  type?: string;

  @OptionalQuery({ enum: SEARCH_SORTS, description: 'Default relevance' }, OneOf('sort_by', SEARCH_SORTS))
  sort_by?: string;

  @OptionalQuery({ enum: SEARCH_DATES }, OneOf('date', SEARCH_DATES))
  date?: string;

  @OptionalQuery({ enum: SEARCH_DURATIONS }, OneOf('duration', SEARCH_DURATIONS))
  duration?: string;

  @OptionalQuery(
    { example: 'hd,subtitles', description: `Comma-separated: ${SEARCH_FEATURES.join(', ')}` },
    IsString(),
    Matches(new RegExp(`^(${SEARCH_FEATURES.join('|')})(,(${SEARCH_FEATURES.join('|')}))*$`), {
      message: `features must be a comma-separated list of ${SEARCH_FEATURES.join(', ')}`,
    }),
  )
  features?: string;

  @OptionalQuery({ type: 'integer', minimum: 1, maximum: 100, example: 1, description: 'Default 1' }, IntegerFrom('page', 1, 100))
  page?: number;
}

export class SuggestionsQueryDto extends InvidiousCommonQueryDto {
  @RequiredText('q', 500, { example: 'never gonna', description: 'What the user has typed so far (1-500 characters)' })
  q: string;
}

export class CommentsQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery({ enum: COMMENT_SORTS, description: 'Default top' }, OneOf('sort_by', COMMENT_SORTS))
  sort_by?: string;

  @OptionalQuery(
    { description: 'From the previous page (opaque, at most 2000 characters)' },
    IsString(),
    MaxLength(2000, { message: 'continuation must be at most 2000 characters' }),
    Matches(/^[A-Za-z0-9_%=-]*$/, { message: 'continuation must be the opaque value of the previous page' }),
  )
  continuation?: string;

  @OptionalQuery({ enum: ['youtube'], description: 'Only YouTube comments are passed on' }, IsIn(['youtube'], { message: 'source must be youtube' }))
  source?: string;
}

export class TrendingQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery({ enum: TRENDING_TYPES, description: 'Default default' }, OneOf('type', TRENDING_TYPES))
  type?: string;
}

export class CaptionsQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery(
    { example: 'English', description: 'A track by its label: the answer is the WebVTT file' },
    IsString(),
    MinLength(1),
    MaxLength(200, { message: 'label must be at most 200 characters' }),
  )
  label?: string;

  @OptionalQuery({ example: 'en', description: 'A track by its language code: the answer is the WebVTT file' }, IsString(), LanguageCode('lang', 'en'))
  lang?: string;

  @OptionalQuery({ example: 'de', description: 'Translate the track to this language code' }, IsString(), LanguageCode('tlang', 'de'))
  tlang?: string;
}

export class ResolveUrlQueryDto extends InvidiousCommonQueryDto {
  @RequiredText('url', 2000, { example: 'https://www.youtube.com/@RickAstleyYT', description: 'A YouTube URL or path (1-2000 characters)' })
  url: string;
}

export class HashtagQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery({ type: 'integer', minimum: 1, maximum: 100, example: 1, description: 'Default 1' }, IntegerFrom('page', 1, 100))
  page?: number;
}

export class StoryboardsQueryDto extends InvidiousCommonQueryDto {
  @OptionalQuery({ type: 'integer', example: 160, description: 'One storyboard by its width: the answer is a WebVTT file' }, IntegerFrom('width', 1, 10000))
  width?: number;

  @OptionalQuery({ type: 'integer', example: 90, description: 'One storyboard by its height: the answer is a WebVTT file' }, IntegerFrom('height', 1, 10000))
  height?: number;
}
