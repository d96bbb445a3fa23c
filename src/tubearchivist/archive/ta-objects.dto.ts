import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TaChannel, TaPlayer, TaPlaylist, TaPlaylistEntry, TaVideo } from './ta-objects.js';

const DAY = { example: '2024-05-01', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export class TaChannelDto implements TaChannel {
  @ApiProperty({ example: true, description: 'False once the upstream no longer has the channel' })
  channel_active: boolean;

  @ApiProperty({ example: '/cache/channels/UCuAXFkgsw1L7xaCfnd5JJOw_banner.jpg', description: 'Root-relative; redirects to the largest banner' })
  channel_banner_url: string;

  @ApiProperty({ example: '', description: '`""` when unknown' })
  channel_description: string;

  @ApiProperty({ example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  channel_id: string;

  @ApiProperty({ ...DAY, description: 'Last refresh (UTC); the day it entered the catalog if never refreshed' })
  channel_last_refresh: string;

  @ApiProperty({ example: 'Rick Astley' })
  channel_name: string;

  @ApiProperty({ type: 'integer', example: 4100000, description: '0 when unknown' })
  channel_subs: number;

  @ApiProperty({ example: true, description: 'The caller subscribes to it' })
  channel_subscribed: boolean;

  @ApiProperty({ type: [String], example: [], description: 'Always empty' })
  channel_tags: string[];

  @ApiProperty({ example: '/cache/channels/UCuAXFkgsw1L7xaCfnd5JJOw_thumb.jpg', description: 'Root-relative; redirects to the largest avatar' })
  channel_thumb_url: string;

  @ApiProperty({ example: '/cache/channels/UCuAXFkgsw1L7xaCfnd5JJOw_tvart.jpg', description: 'Root-relative; redirects to the largest banner' })
  channel_tvart_url: string;

  @ApiProperty({ type: 'integer', example: 0, description: 'Always 0' })
  channel_views: number;
}

export class TaPlayerDto implements TaPlayer {
  @ApiProperty({ type: 'integer', example: 213, description: 'Seconds' })
  duration: number;

  @ApiProperty({ example: '3m 33s', description: '`NA` for 0' })
  duration_str: string;

  @ApiProperty({ example: true, description: 'The caller marked it watched' })
  watched: boolean;

  @ApiPropertyOptional({ type: 'integer', example: 1714600000, description: 'When the caller marked it watched (unix seconds); only while watched' })
  watched_date?: number;
}

export class TaVideoStatsDto {
  @ApiProperty({ type: 'number', nullable: true, example: null, description: 'Always null' })
  average_rating: null;

  @ApiProperty({ type: 'integer', example: 0, description: 'Always 0' })
  dislike_count: number;

  @ApiProperty({ type: 'integer', example: 18000000, description: '0 when unknown' })
  like_count: number;

  @ApiProperty({ type: 'integer', example: 1500000000, description: '0 when unknown' })
  view_count: number;
}

export class TaVideoDto implements TaVideo {
  @ApiProperty({ example: true, description: 'False once the upstream no longer has the video' })
  active: boolean;

  @ApiProperty({ type: [String], example: ['Music'], description: 'The upstream genre, if known' })
  category: string[];

  @ApiProperty({ type: TaChannelDto })
  channel: TaChannelDto;

  @ApiProperty({ type: 'integer', example: 1714521600, description: 'When the video entered the catalog (unix seconds)' })
  date_downloaded: number;

  @ApiProperty({ example: 'The official video for “Never Gonna Give You Up”…' })
  description: string;

  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Always null: tubevault stores no media' })
  media_url: null;

  @ApiProperty({ type: TaPlayerDto })
  player: TaPlayerDto;

  @ApiProperty({ type: [String], example: ['PLBCF2DAC6FFB574DE'], description: 'Catalog playlists holding the video' })
  playlist: string[];

  @ApiProperty({ ...DAY, example: '2009-10-25', description: 'Upload day (UTC); the day it entered the catalog if unknown' })
  published: string;

  @ApiProperty({ type: TaVideoStatsDto })
  stats: TaVideoStatsDto;

  @ApiProperty({ type: [String], example: [], description: 'Always empty' })
  tags: string[];

  @ApiProperty({ example: 'Never Gonna Give You Up' })
  title: string;

  @ApiProperty({ ...DAY, description: 'Last refresh (UTC)' })
  vid_last_refresh: string;

  @ApiProperty({ example: '/cache/videos/d/dQw4w9WgXcQ.jpg', description: 'Root-relative; redirects to the largest thumbnail' })
  vid_thumb_url: string;

  @ApiProperty({ enum: ['videos', 'streams'], example: 'videos', description: '`streams` for live or upcoming videos' })
  vid_type: 'videos' | 'streams';

  @ApiProperty({ example: 'dQw4w9WgXcQ' })
  youtube_id: string;
}

export class TaPlaylistEntryDto implements TaPlaylistEntry {
  @ApiProperty({ example: 'dQw4w9WgXcQ' })
  youtube_id: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'Never Gonna Give You Up', description: 'Null when the video is not in the catalog' })
  title: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Rick Astley', description: 'Channel name; null when unknown' })
  uploader: string | null;

  @ApiProperty({ type: 'integer', example: 0, description: '0-based position' })
  idx: number;

  @ApiProperty({ example: true, description: 'The video is in the catalog' })
  downloaded: boolean;
}

export class TaPlaylistDto implements TaPlaylist {
  @ApiProperty({ example: true })
  playlist_active: boolean;

  @ApiProperty({ example: 'Rick Astley', description: "The owning channel's name" })
  playlist_channel: string;

  @ApiProperty({ example: 'UCuAXFkgsw1L7xaCfnd5JJOw' })
  playlist_channel_id: string;

  @ApiProperty({ example: '' })
  playlist_description: string;

  @ApiProperty({ type: [TaPlaylistEntryDto] })
  playlist_entries: TaPlaylistEntryDto[];

  @ApiProperty({ example: 'PLBCF2DAC6FFB574DE' })
  playlist_id: string;

  @ApiProperty({ ...DAY, description: 'Last refresh (UTC)' })
  playlist_last_refresh: string;

  @ApiProperty({ example: 'Greatest hits' })
  playlist_name: string;

  @ApiProperty({ type: Boolean, enum: [false], example: false, description: 'Always false: playlists cannot be subscribed to' })
  playlist_subscribed: false;

  @ApiProperty({ example: '/cache/playlists/PLBCF2DAC6FFB574DE.jpg', description: 'Root-relative; redirects to the playlist thumbnail' })
  playlist_thumbnail: string;

  @ApiProperty({ enum: ['regular'], example: 'regular' })
  playlist_type: 'regular';
}

export class TaVideoResultDto extends TaVideoDto {
  @ApiProperty({ enum: ['ta_video'], example: 'ta_video' })
  _index: 'ta_video';

  @ApiProperty({ type: 'number', example: 0.61, description: 'Full-text rank, 2 decimals; 0 without a term and in detail responses' })
  _score: number;
}

export class TaChannelResultDto extends TaChannelDto {
  @ApiProperty({ enum: ['ta_channel'], example: 'ta_channel' })
  _index: 'ta_channel';

  @ApiProperty({ type: 'number', example: 0.61, description: 'Full-text rank, 2 decimals; 0 without a term and in detail responses' })
  _score: number;
}

export class TaPlaylistResultDto extends TaPlaylistDto {
  @ApiProperty({ enum: ['ta_playlist'], example: 'ta_playlist' })
  _index: 'ta_playlist';

  @ApiProperty({ type: 'number', example: 0.61, description: 'Full-text rank, 2 decimals; 0 without a term' })
  _score: number;
}

/** TA v0.4's detail `config`; clients do not read it. */
export class TaDetailConfigDto {
  @ApiProperty({ type: Boolean, enum: [false], example: false })
  enable_cast: false;

  @ApiProperty({ type: 'object', additionalProperties: false, example: {} })
  downloads: Record<string, never>;
}

export class TaVideoDetailDto {
  @ApiProperty({ type: TaVideoResultDto })
  data: TaVideoResultDto;

  @ApiProperty({ type: TaDetailConfigDto })
  config: TaDetailConfigDto;
}

export class TaChannelDetailDto {
  @ApiProperty({ type: TaChannelResultDto })
  data: TaChannelResultDto;

  @ApiProperty({ type: TaDetailConfigDto })
  config: TaDetailConfigDto;
}

/** A detail route's 404: TA's envelope with `data: false` (the browser extension tests `data`). */
export class TaDetailNotFoundDto {
  @ApiProperty({ type: Boolean, enum: [false], example: false })
  data: false;

  @ApiProperty({ type: TaDetailConfigDto })
  config: TaDetailConfigDto;
}

/** TubeArchivist's view-level errors: `{"message": …}`. */
export class TaMessageDto {
  @ApiProperty({ example: 'missing expected data key' })
  message: string;
}
