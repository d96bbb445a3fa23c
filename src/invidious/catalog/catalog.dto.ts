import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow } from 'class-validator';
import { CHANNEL_VIDEO_SORTS, type ChannelVideoSort } from '../../catalog/media/channel-videos-cursor.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import type { InvidiousChannel } from './channel-mapper.js';
import type { ChannelVideosResponse } from './public-catalog.service.js';
import type { AuthorImage, FeedVideo, InvidiousVideo, SearchVideo, VideoListing, VideoThumbnail } from './video-mapper.js';

const VIDEO_ID_EXAMPLE = 'dQw4w9WgXcQ';
const CHANNEL_ID_EXAMPLE = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const EMPTY_LIST = 'Always empty: tubevault has no recommendations';
const STREAMS =
  "Passed on from an Invidious upstream (not stored); empty without one. Each object as Invidious sends it (`url`, `itag`, `type`, …); with `local=true` the `url`s point at tubevault's `/videoplayback`";

export class VideoThumbnailDto implements VideoThumbnail {
  @ApiProperty({
    example: 'maxres',
    description: 'maxres, maxresdefault, sddefault, high, medium, default, start, middle, end (always these 9, in this order)',
  })
  quality: string;

  @ApiProperty({ example: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg' })
  url: string;

  @ApiProperty({ type: 'integer', example: 1280 })
  width: number;

  @ApiProperty({ type: 'integer', example: 720 })
  height: number;
}

export class AuthorImageDto implements AuthorImage {
  @ApiProperty({ example: 'https://yt3.ggpht.com/abc=s176-c-k-c0x00ffffff-no-rj' })
  url: string;

  @ApiProperty({ type: 'integer', example: 176 })
  width: number;

  @ApiProperty({ type: 'integer', example: 176 })
  height: number;
}

/** docs/dialects/invidious.md#videos; also the payload of every notification. */
export class InvidiousVideoDto implements InvidiousVideo {
  @ApiProperty({ enum: ['video', 'livestream', 'scheduled'], example: 'video' })
  type: 'video' | 'livestream' | 'scheduled';

  @ApiProperty({ example: 'Never Gonna Give You Up' })
  title: string;

  @ApiProperty({ example: VIDEO_ID_EXAMPLE })
  videoId: string;

  @ApiProperty({ type: [VideoThumbnailDto] })
  videoThumbnails: VideoThumbnailDto[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [], description: 'Always empty: storyboards are at `/api/v1/storyboards/{id}`' })
  storyboards: never[];

  @ApiProperty({ example: 'The official video' })
  description: string;

  @ApiProperty({ example: 'The official video', description: 'The description as HTML (escaped, links made clickable)' })
  descriptionHtml: string;

  @ApiProperty({ type: 'integer', example: 1256453580, description: 'Unix seconds; 0 when unknown' })
  published: number;

  @ApiProperty({ example: '15 years ago' })
  publishedText: string;

  @ApiProperty({ type: [String], example: [] })
  keywords: string[];

  @ApiProperty({ type: 'integer', example: 1500000000, description: '0 when unknown' })
  viewCount: number;

  @ApiProperty({ type: 'integer', example: 18000000, description: '0 when unknown' })
  likeCount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  dislikeCount: number;

  @ApiProperty({ example: false })
  paid: boolean;

  @ApiProperty({ example: false })
  premium: boolean;

  @ApiProperty({ example: true })
  isFamilyFriendly: boolean;

  @ApiProperty({ type: [String], example: [] })
  allowedRegions: string[];

  @ApiProperty({ example: 'Music' })
  genre: string;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  genreUrl: null;

  @ApiProperty({ example: 'Rick Astley' })
  author: string;

  @ApiProperty({ example: CHANNEL_ID_EXAMPLE })
  authorId: string;

  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}` })
  authorUrl: string;

  @ApiProperty({ example: false })
  authorVerified: boolean;

  @ApiProperty({ type: [AuthorImageDto], description: 'Sizes 32, 48, 76, 100, 176 and 512; empty when no avatar is known' })
  authorThumbnails: AuthorImageDto[];

  @ApiProperty({ example: '4.1M', description: 'Empty when the subscriber count is unknown' })
  subCountText: string;

  @ApiProperty({ type: 'integer', example: 213, description: '0 when unknown' })
  lengthSeconds: number;

  @ApiProperty({ example: true })
  allowRatings: boolean;

  @ApiProperty({ example: 0 })
  rating: number;

  @ApiProperty({ example: true })
  isListed: boolean;

  @ApiProperty({ example: false })
  liveNow: boolean;

  @ApiProperty({ example: false })
  isPostLiveDvr: boolean;

  @ApiProperty({ example: false })
  isUpcoming: boolean;

  @ApiPropertyOptional({ type: 'integer', example: 1700000000, description: 'Scheduled videos only: Unix seconds' })
  premiereTimestamp?: number;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [], description: STREAMS })
  adaptiveFormats: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [], description: STREAMS })
  formatStreams: Record<string, unknown>[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [],
    description: "The upstream's caption tracks (`label`, `language_code`, `url`); empty without an Invidious upstream",
  })
  captions: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [], description: EMPTY_LIST })
  recommendedVideos: never[];

  @ApiPropertyOptional({
    example: 'https://tube.example.org/api/manifest/dash/id/dQw4w9WgXcQ',
    description: "tubevault's DASH manifest proxy for the video (`?local=true` with `local=true`); absent without streams",
  })
  dashUrl?: string;

  @ApiPropertyOptional({ description: "Live streams: the upstream's HLS URL" })
  hlsUrl?: string;
}

/** FeedVideo (docs/dialects/invidious.md#feed): feed, popular. */
export class FeedVideoDto implements FeedVideo {
  @ApiProperty({ enum: ['shortVideo'], example: 'shortVideo' })
  type: 'shortVideo';

  @ApiProperty({ example: 'Never Gonna Give You Up' })
  title: string;

  @ApiProperty({ example: VIDEO_ID_EXAMPLE })
  videoId: string;

  @ApiProperty({ type: [VideoThumbnailDto] })
  videoThumbnails: VideoThumbnailDto[];

  @ApiProperty({ type: 'integer', example: 213 })
  lengthSeconds: number;

  @ApiProperty({ example: 'Rick Astley' })
  author: string;

  @ApiProperty({ example: CHANNEL_ID_EXAMPLE })
  authorId: string;

  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}` })
  authorUrl: string;

  @ApiProperty({ type: 'integer', example: 1700000000 })
  published: number;

  @ApiProperty({ example: '3 hours ago' })
  publishedText: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 12345, description: 'null when unknown' })
  viewCount: number | null;
}

/** The fields a listed video begins with (search videos, playlist entries). */
export class VideoListingDto implements VideoListing {
  @ApiProperty({ enum: ['video'], example: 'video' })
  type: 'video';

  @ApiProperty({ example: 'Never Gonna Give You Up' })
  title: string;

  @ApiProperty({ example: VIDEO_ID_EXAMPLE })
  videoId: string;

  @ApiProperty({ example: 'Rick Astley' })
  author: string;

  @ApiProperty({ example: CHANNEL_ID_EXAMPLE })
  authorId: string;

  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}` })
  authorUrl: string;
}

/** The search-video shape of docs/dialects/invidious.md#channels (channel pages). */
export class SearchVideoDto extends VideoListingDto implements SearchVideo {
  @ApiProperty({ example: false })
  authorVerified: boolean;

  @ApiProperty({ type: [VideoThumbnailDto] })
  videoThumbnails: VideoThumbnailDto[];

  @ApiProperty({ example: 'The official video' })
  description: string;

  @ApiProperty({ example: 'The official video' })
  descriptionHtml: string;

  @ApiProperty({ type: 'integer', example: 1500000000 })
  viewCount: number;

  @ApiProperty({ example: '1.5B views' })
  viewCountText: string;

  @ApiProperty({ type: 'integer', example: 1256453580 })
  published: number;

  @ApiProperty({ example: '15 years ago' })
  publishedText: string;

  @ApiProperty({ type: 'integer', example: 213 })
  lengthSeconds: number;

  @ApiProperty({ example: false })
  liveNow: boolean;

  @ApiProperty({ example: false })
  premium: boolean;

  @ApiProperty({ example: false })
  isUpcoming: boolean;

  @ApiPropertyOptional({ type: 'integer', example: 1700000000, description: 'Scheduled videos only' })
  premiereTimestamp?: number;

  @ApiProperty({ example: false, description: 'Published in the last 24 hours' })
  isNew: boolean;

  @ApiProperty({ example: false })
  is4k: boolean;

  @ApiProperty({ example: false })
  is8k: boolean;

  @ApiProperty({ example: false })
  isVr180: boolean;

  @ApiProperty({ example: false })
  isVr360: boolean;

  @ApiProperty({ example: false })
  is3d: boolean;

  @ApiProperty({ example: false })
  hasCaptions: boolean;
}

/** docs/dialects/invidious.md#channels. */
export class InvidiousChannelDto implements InvidiousChannel {
  @ApiProperty({ example: 'Rick Astley' })
  author: string;

  @ApiProperty({ example: CHANNEL_ID_EXAMPLE })
  authorId: string;

  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}` })
  authorUrl: string;

  @ApiProperty({ type: [AuthorImageDto], description: 'Empty, or 2560×424, 2120×351, 1060×175 and 512×288 when a banner is known' })
  authorBanners: AuthorImageDto[];

  @ApiProperty({ type: [AuthorImageDto], description: 'Sizes 32, 48, 76, 100, 176 and 512; empty when no avatar is known' })
  authorThumbnails: AuthorImageDto[];

  @ApiProperty({ type: 'integer', example: 4100000, description: '0 when unknown' })
  subCount: number;

  @ApiProperty({ type: 'integer', example: 0, description: '0 when unknown' })
  totalViews: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Unix seconds; 0 when unknown' })
  joined: number;

  @ApiProperty({ example: false })
  autoGenerated: boolean;

  @ApiProperty({ example: false })
  ageGated: boolean;

  @ApiProperty({ example: true })
  isFamilyFriendly: boolean;

  @ApiProperty({ example: 'Official channel' })
  description: string;

  @ApiProperty({ example: 'Official channel' })
  descriptionHtml: string;

  @ApiProperty({ type: [String], example: [] })
  allowedRegions: string[];

  @ApiProperty({ type: [String], example: ['videos'] })
  tabs: string[];

  @ApiProperty({ type: [String], example: [] })
  tags: string[];

  @ApiProperty({ example: false })
  authorVerified: boolean;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  pronouns: null;

  @ApiProperty({ type: [SearchVideoDto], description: 'Up to 30, newest first' })
  latestVideos: SearchVideoDto[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [] })
  relatedChannels: never[];
}

export class ChannelVideosPageDto implements ChannelVideosResponse {
  @ApiProperty({ type: [SearchVideoDto], description: 'Up to 30' })
  videos: SearchVideoDto[];

  @ApiPropertyOptional({
    example: 'WyJuZXdlc3QiLCIyMDI0LTAxLTAyVDAzOjA0OjA1LjAwMFoiLCJkUXc0dzlXZ1hjUSJd',
    description: 'Opaque; pass it back for the next page. Absent on the last page.',
  })
  continuation?: string;
}

/** `GET /api/v1/channels/:ucid/videos`'s query; other parameters are ignored. */
@RequestDto({ dialect: 'invidious' })
export class ChannelVideosQueryDto {
  // Documented in the order the spec has always listed them.
  @ApiPropertyOptional({ type: String, description: 'From the previous page; absent, `null` or unknown values give the first page' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value : undefined))
  @Allow()
  continuation?: string;

  @ApiPropertyOptional({ enum: CHANNEL_VIDEO_SORTS, description: 'Default newest' })
  @Transform(({ value }: { value: unknown }) => (value === '' ? 'newest' : value))
  @Rule('channelVideoSort', (sort) =>
    CHANNEL_VIDEO_SORTS.includes(sort as ChannelVideoSort) ? null : `Invalid sort_by: expected ${CHANNEL_VIDEO_SORTS.join(', ')}`,
  )
  sort_by: ChannelVideoSort = 'newest';
}
