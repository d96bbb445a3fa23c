import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
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

export class InvidiousCommonQueryDto {
  @ApiPropertyOptional({ example: 'en-US', description: 'Interface language; passed on to the upstream' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: 'hl must be a language tag such as en-US' })
  hl?: string;

  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166 country code; passed on to the upstream where it matters (search, trending)' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'region must be two capital letters such as US' })
  region?: string;

  @ApiPropertyOptional({
    enum: BOOLEAN_TEXTS,
    description: '`true`: every absolute URL in the answer points at tubevault (see docs/dialects/invidious.md#local-urls)',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(BOOLEAN_TEXTS, { message: `local must be one of ${BOOLEAN_TEXTS.join(', ')}` })
  local?: string;

  @ApiPropertyOptional({ enum: BOOLEAN_TEXTS, description: 'Accepted and ignored' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(BOOLEAN_TEXTS, { message: `pretty must be one of ${BOOLEAN_TEXTS.join(', ')}` })
  pretty?: string;
}

export class SearchQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({
    example: 'never gonna give you up',
    description: 'The search terms (at most 500 characters); Invidious filter operators such as `sort:views` work too',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'q must be at most 500 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: SEARCH_TYPES, description: 'Default all' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(SEARCH_TYPES, { message: `type must be one of ${SEARCH_TYPES.join(', ')}` })
  type?: string;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, description: 'Default relevance' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(SEARCH_SORTS, { message: `sort_by must be one of ${SEARCH_SORTS.join(', ')}` })
  sort_by?: string;

  @ApiPropertyOptional({ enum: SEARCH_DATES })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(SEARCH_DATES, { message: `date must be one of ${SEARCH_DATES.join(', ')}` })
  date?: string;

  @ApiPropertyOptional({ enum: SEARCH_DURATIONS })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(SEARCH_DURATIONS, { message: `duration must be one of ${SEARCH_DURATIONS.join(', ')}` })
  duration?: string;

  @ApiPropertyOptional({ example: 'hd,subtitles', description: `Comma-separated: ${SEARCH_FEATURES.join(', ')}` })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^(${SEARCH_FEATURES.join('|')})(,(${SEARCH_FEATURES.join('|')}))*$`), {
    message: `features must be a comma-separated list of ${SEARCH_FEATURES.join(', ')}`,
  })
  features?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, example: 1, description: 'Default 1' })
  @EmptyAsAbsent()
  @IsOptional()
  @DecimalInteger()
  @IsInt({ message: 'page must be an integer 1-100' })
  @Min(1, { message: 'page must be an integer 1-100' })
  @Max(100, { message: 'page must be an integer 1-100' })
  page?: number;
}

export class SuggestionsQueryDto extends InvidiousCommonQueryDto {
  @ApiProperty({ example: 'never gonna', description: 'What the user has typed so far (1-500 characters)' })
  @IsString({ message: 'q is required' })
  @MinLength(1, { message: 'q is required' })
  @MaxLength(500, { message: 'q must be at most 500 characters' })
  q: string;
}

export class CommentsQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({ enum: COMMENT_SORTS, description: 'Default top' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(COMMENT_SORTS, { message: `sort_by must be one of ${COMMENT_SORTS.join(', ')}` })
  sort_by?: string;

  @ApiPropertyOptional({ description: 'From the previous page (opaque, at most 2000 characters)' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'continuation must be at most 2000 characters' })
  @Matches(/^[A-Za-z0-9_%=-]*$/, { message: 'continuation must be the opaque value of the previous page' })
  continuation?: string;

  @ApiPropertyOptional({ enum: ['youtube'], description: 'Only YouTube comments are passed on' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(['youtube'], { message: 'source must be youtube' })
  source?: string;
}

export class TrendingQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({ enum: TRENDING_TYPES, description: 'Default default' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(TRENDING_TYPES, { message: `type must be one of ${TRENDING_TYPES.join(', ')}` })
  type?: string;
}

export class CaptionsQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({ example: 'English', description: 'A track by its label: the answer is the WebVTT file' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200, { message: 'label must be at most 200 characters' })
  label?: string;

  @ApiPropertyOptional({ example: 'en', description: 'A track by its language code: the answer is the WebVTT file' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, { message: 'lang must be a language code such as en' })
  lang?: string;

  @ApiPropertyOptional({ example: 'de', description: 'Translate the track to this language code' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, { message: 'tlang must be a language code such as de' })
  tlang?: string;
}

export class ResolveUrlQueryDto extends InvidiousCommonQueryDto {
  @ApiProperty({ example: 'https://www.youtube.com/@RickAstleyYT', description: 'A YouTube URL or path (1-2000 characters)' })
  @IsString({ message: 'url is required' })
  @MinLength(1, { message: 'url is required' })
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  url: string;
}

export class HashtagQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, example: 1, description: 'Default 1' })
  @EmptyAsAbsent()
  @IsOptional()
  @DecimalInteger()
  @IsInt({ message: 'page must be an integer 1-100' })
  @Min(1, { message: 'page must be an integer 1-100' })
  @Max(100, { message: 'page must be an integer 1-100' })
  page?: number;
}

export class StoryboardsQueryDto extends InvidiousCommonQueryDto {
  @ApiPropertyOptional({ type: 'integer', example: 160, description: 'One storyboard by its width: the answer is a WebVTT file' })
  @EmptyAsAbsent()
  @IsOptional()
  @DecimalInteger()
  @IsInt({ message: 'width must be an integer 1-10000' })
  @Min(1, { message: 'width must be an integer 1-10000' })
  @Max(10000, { message: 'width must be an integer 1-10000' })
  width?: number;

  @ApiPropertyOptional({ type: 'integer', example: 90, description: 'One storyboard by its height: the answer is a WebVTT file' })
  @EmptyAsAbsent()
  @IsOptional()
  @DecimalInteger()
  @IsInt({ message: 'height must be an integer 1-10000' })
  @Min(1, { message: 'height must be an integer 1-10000' })
  @Max(10000, { message: 'height must be an integer 1-10000' })
  height?: number;
}
