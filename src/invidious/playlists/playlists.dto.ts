import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { AuthorImageDto, VideoListingDto, VideoThumbnailDto } from '../catalog/catalog.dto.js';
import { VIDEO_ID } from '../../catalog/media/ids.js';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import { continuationProblem, indexProblem, pageProblem, windowQueryOf, type WindowQuery } from './playlist-window.js';
import { MaxCharacters, playlistBody } from './body-validation.js';
import type { CreatedPlaylist, InvidiousPlaylist, PlaylistVideo, UpstreamPlaylist, UpstreamPlaylistVideo } from './playlist-mapper.js';
import { DESCRIPTION_MAX_CHARACTERS, MESSAGES, normaliseDescription, normaliseTitle, PRIVACIES, TITLE_MAX_BYTES, type Privacy } from './playlist-rules.js';

const PLAYLIST_ID_EXAMPLE = 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK';
const VIDEO_ID_EXAMPLE = 'dQw4w9WgXcQ';
const CHANNEL_ID_EXAMPLE = 'UCuAXFkgsw1L7xaCfnd5JJOw';

// Inputs are normalised before they are checked: the stored title is what the 150-byte rule leaves.
const asTitle = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseTitle(value) : value), { toClassOnly: true });
const asPrivacy = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value), { toClassOnly: true });
const asDescription = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseDescription(value) : value), { toClassOnly: true });

const TITLE_RULES = `\`<\` and \`>\` are removed, the rest is cut to ${TITLE_MAX_BYTES} bytes of UTF-8 (never inside a character) and trimmed; nothing left gives 400 \`Invalid title.\``;
const DESCRIPTION_RULES = `At most ${DESCRIPTION_MAX_CHARACTERS} characters once \`\\r\` is removed`;

export const CREATE_PLAYLIST_KEYS = ['title', 'privacy', 'description'] as const;
export const UPDATE_PLAYLIST_KEYS = ['title', 'description', 'privacy'] as const;
export const ADD_PLAYLIST_VIDEO_KEYS = ['videoId'] as const;

/** POST playlists. `description` is a tubevault extension. */
@RequestDto(playlistBody(CREATE_PLAYLIST_KEYS))
export class CreatePlaylistDto {
  @ApiProperty({ example: 'Mix', description: TITLE_RULES })
  @asTitle
  @IsString({ message: MESSAGES.invalidTitle })
  @IsNotEmpty({ message: MESSAGES.invalidTitle })
  title: string;

  @ApiProperty({ enum: PRIVACIES, example: 'private', description: 'Case-insensitive; anything else gives 400 `Invalid privacy setting.`' })
  @asPrivacy
  @IsIn(PRIVACIES, { message: MESSAGES.invalidPrivacy })
  privacy: Privacy;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Songs for the road', description: `${DESCRIPTION_RULES}; absent or null: empty` })
  @asDescription
  @IsOptional()
  @IsString({ message: MESSAGES.descriptionNotString })
  @MaxCharacters(DESCRIPTION_MAX_CHARACTERS, { message: MESSAGES.descriptionTooLong })
  description?: string | null;
}

/** PATCH playlists/:id: each key optional; null or absent keeps the stored value. */
@RequestDto(playlistBody(UPDATE_PLAYLIST_KEYS))
export class UpdatePlaylistDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Road trip', description: TITLE_RULES })
  @asTitle
  @IsOptional()
  @IsString({ message: MESSAGES.invalidTitle })
  @IsNotEmpty({ message: MESSAGES.invalidTitle })
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Songs for the road', description: DESCRIPTION_RULES })
  @asDescription
  @IsOptional()
  @IsString({ message: MESSAGES.descriptionNotString })
  @MaxCharacters(DESCRIPTION_MAX_CHARACTERS, { message: MESSAGES.descriptionTooLong })
  description?: string | null;

  @ApiPropertyOptional({ enum: PRIVACIES, nullable: true, example: 'public', description: 'Case-insensitive' })
  @asPrivacy
  @IsOptional()
  @IsIn(PRIVACIES, { message: MESSAGES.invalidPrivacy })
  privacy?: Privacy | null;
}

/** POST playlists/:id/videos. */
@RequestDto(playlistBody(ADD_PLAYLIST_VIDEO_KEYS))
export class AddPlaylistVideoDto {
  @ApiProperty({ example: VIDEO_ID_EXAMPLE, pattern: VIDEO_ID.source, description: 'Anything else gives 400 `Invalid videoId`' })
  @IsString({ message: MESSAGES.invalidVideoId })
  @Matches(VIDEO_ID, { message: MESSAGES.invalidVideoId })
  videoId: string;
}

/** The window of a playlist read (`index`, `page`, `continuation`); other parameters are ignored. */
@RequestDto({ dialect: 'invidious' })
export class PlaylistWindowQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Offset of the window (≥ 0); wins over `page`' })
  @Rule('windowIndex', indexProblem)
  index?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: '≥ 1: offset (page − 1) × 100' })
  @Rule('windowPage', pageProblem)
  page?: string;

  @ApiPropertyOptional({ type: String, description: 'A video id to start at; used only when the offset is 0' })
  @Rule('windowContinuation', continuationProblem)
  continuation?: string;

  get window(): WindowQuery {
    return windowQueryOf(this.index, this.page, this.continuation);
  }
}

export class CreatedPlaylistDto implements CreatedPlaylist {
  @ApiProperty({ example: 'Mix', description: 'The title as stored' })
  title: string;

  @ApiProperty({ example: PLAYLIST_ID_EXAMPLE, pattern: '^IVPL[A-Za-z0-9_-]{31}$' })
  playlistId: string;
}

// Response classes declare their properties in the order the mappers write them: the response
// serializer writes keys in declaration order (docs/architecture.md#response-serializers).

const LENGTH_SECONDS = { type: 'integer', example: 212, description: '0 when unknown' } as const;
const LIVE_NOW = { example: false } as const;

/** How a playlist entry begins, in either kind of playlist. */
abstract class PlaylistEntryDto extends VideoListingDto {
  // Keeps its place among the inherited fields; only the description is added.
  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}`, description: '`""` when the channel is unknown' })
  authorUrl: string;

  @ApiProperty({ type: [VideoThumbnailDto] })
  videoThumbnails: VideoThumbnailDto[];

  @ApiProperty({ type: 'integer', minimum: 0, example: 0, description: '0-based position in the playlist' })
  index: number;
}

/** An entry of an upstream playlist; its fields come from the catalog (empty when the video is not in it yet). */
export class UpstreamPlaylistVideoDto extends PlaylistEntryDto implements UpstreamPlaylistVideo {
  @ApiProperty(LENGTH_SECONDS)
  lengthSeconds: number;

  @ApiProperty(LIVE_NOW)
  liveNow: boolean;
}

/** An entry of a tubevault playlist: Invidious puts `indexId` right after `index`. */
export class PlaylistVideoDto extends PlaylistEntryDto implements PlaylistVideo {
  @ApiProperty({
    example: 'B3A73CE2FF2',
    pattern: '^[0-9A-F]{1,16}$',
    description: "The entry's id within its playlist (random, upper-case hex); `DELETE playlists/:id/videos/:index` takes it",
  })
  indexId: string;

  @ApiProperty(LENGTH_SECONDS)
  lengthSeconds: number;

  @ApiProperty(LIVE_NOW)
  liveNow: boolean;
}

/** What both playlist shapes document alike; each class lists its properties in Invidious's order. */
const PLAYLIST = {
  title: { example: 'Mix' },
  description: { example: 'a & b' },
  descriptionHtml: { example: 'a &amp; b', description: 'The description as HTML (escaped, links made clickable)' },
  videoCount: { type: 'integer', example: 1, description: 'Entries in the whole playlist' },
  viewCount: { type: 'integer', example: 0, description: 'Always 0' },
  updated: { type: 'integer', example: 1700000000, description: 'Unix seconds of the last change' },
  videos: 'The requested window of entries, at most 100',
} as const;

/** docs/dialects/invidious.md#playlists: a tubevault playlist. */
export class InvidiousPlaylistDto implements InvidiousPlaylist {
  @ApiProperty({ enum: ['invidiousPlaylist'], example: 'invidiousPlaylist' })
  type: 'invidiousPlaylist';

  @ApiProperty(PLAYLIST.title)
  title: string;

  @ApiProperty({ example: PLAYLIST_ID_EXAMPLE })
  playlistId: string;

  @ApiProperty({ example: 'alice', description: "The owner's username" })
  author: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Always null' })
  authorId: null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Always null' })
  authorUrl: null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: 0, example: [], description: 'Always empty' })
  authorThumbnails: never[];

  @ApiProperty(PLAYLIST.description)
  description: string;

  @ApiProperty(PLAYLIST.descriptionHtml)
  descriptionHtml: string;

  @ApiProperty(PLAYLIST.videoCount)
  videoCount: number;

  @ApiProperty(PLAYLIST.viewCount)
  viewCount: number;

  @ApiProperty(PLAYLIST.updated)
  updated: number;

  @ApiProperty({ example: false, description: 'True for public playlists (unlisted and private: false)' })
  isListed: boolean;

  @ApiProperty({ type: [PlaylistVideoDto], description: PLAYLIST.videos })
  videos: PlaylistVideoDto[];
}

/** docs/dialects/invidious.md#public-playlists: a catalog copy of an upstream (YouTube) playlist. */
export class UpstreamPlaylistDto implements UpstreamPlaylist {
  @ApiProperty({ enum: ['playlist'], example: 'playlist' })
  type: 'playlist';

  @ApiProperty(PLAYLIST.title)
  title: string;

  @ApiProperty({ example: 'PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI' })
  playlistId: string;

  @ApiProperty({
    example: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
    description: 'The upstream\'s thumbnail, else the first entry\'s; `""` when neither is known',
  })
  playlistThumbnail: string;

  @ApiProperty({ example: 'Rick Astley', description: "The owning channel's name" })
  author: string;

  @ApiProperty({ example: CHANNEL_ID_EXAMPLE, description: '`""` when unknown' })
  authorId: string;

  @ApiProperty({ example: `/channel/${CHANNEL_ID_EXAMPLE}`, description: '`""` when the channel is unknown' })
  authorUrl: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Always null (the catalog does not keep one)' })
  subtitle: null;

  @ApiProperty({ type: [AuthorImageDto], description: "The owning channel's avatar in the 6 sizes of a video's `authorThumbnails`, or `[]`" })
  authorThumbnails: AuthorImageDto[];

  @ApiProperty(PLAYLIST.description)
  description: string;

  @ApiProperty(PLAYLIST.descriptionHtml)
  descriptionHtml: string;

  @ApiProperty(PLAYLIST.videoCount)
  videoCount: number;

  @ApiProperty(PLAYLIST.viewCount)
  viewCount: number;

  @ApiProperty(PLAYLIST.updated)
  updated: number;

  @ApiProperty({ example: true, description: 'Always true' })
  isListed: boolean;

  @ApiProperty({ type: [UpstreamPlaylistVideoDto], description: PLAYLIST.videos })
  videos: UpstreamPlaylistVideoDto[];
}
