import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { PreferencesDto, PreferencesPatchDto } from '../preferences/preferences.dto.js';
import type { ExportedPlaylist } from './playlist-transfer.js';

const CHANNEL_IDS: ApiPropertyOptions = { type: [String], example: ['UCuAXFkgsw1L7xaCfnd5JJOw'], description: 'Subscribed channel ids, oldest subscription first' };
const VIDEO_IDS: ApiPropertyOptions = { type: [String], example: ['dQw4w9WgXcQ'], description: 'Watched video ids, oldest first' };

export class ExportedPlaylistDto implements ExportedPlaylist {
  @ApiProperty({ example: 'Mix' })
  title: string;

  @ApiProperty({ example: '' })
  description: string;

  @ApiProperty({ enum: ['Public', 'Unlisted', 'Private'], example: 'Private' })
  privacy: 'Public' | 'Unlisted' | 'Private';

  @ApiProperty({ type: [String], example: ['dQw4w9WgXcQ'], description: 'Video ids in playlist order' })
  videos: string[];
}

/** docs/dialects/invidious.md#import-and-export, Invidious's export format. */
export class InvidiousExportDto {
  @ApiProperty(CHANNEL_IDS)
  subscriptions: string[];

  @ApiProperty(VIDEO_IDS)
  watch_history: string[];

  @ApiProperty({ type: PreferencesDto, description: 'Every preference, null values included' })
  preferences: PreferencesDto;

  @ApiProperty({ type: [ExportedPlaylistDto], description: "The caller's playlists" })
  playlists: ExportedPlaylistDto[];
}

/** The export's shape with every key optional. */
export class InvidiousImportDto {
  @ApiPropertyOptional({ ...CHANNEL_IDS, required: false, description: 'Channel ids to subscribe to (added to the current subscriptions)' })
  subscriptions?: string[];

  @ApiPropertyOptional({ ...VIDEO_IDS, description: 'Watched video ids, oldest first (added after the current history; videos already in it keep their place)' })
  watch_history?: string[];

  @ApiPropertyOptional({ type: PreferencesPatchDto, description: 'Preferences to merge (the rules of POST preferences)' })
  preferences?: PreferencesPatchDto;

  @ApiPropertyOptional({ type: [ExportedPlaylistDto], description: 'Playlists to create' })
  playlists?: ExportedPlaylistDto[];
}

export class SubscriptionFileDto {
  @ApiProperty({
    example: 'Channel Id,Channel Url,Channel Title\nUCuAXFkgsw1L7xaCfnd5JJOw,http://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw,Rick Astley\n',
    description:
      "The file's text, as one JSON string: YouTube Takeout's `subscriptions.csv` (or any CSV whose header names a `Channel Id` column), an OPML file " +
      '(outlines whose `xmlUrl` is `…/feeds/videos.xml?channel_id=UC…`), or NewPipe\'s JSON export. E.g. `jq -Rs \'{content: .}\' subscriptions.csv | curl --json @- …`.',
  })
  content: string;
}
