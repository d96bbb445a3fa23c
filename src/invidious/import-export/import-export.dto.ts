import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { invidiousError } from '../../platform/http/api-error.js';
import { RequestDto, Rule, type RequestFailure } from '../../platform/http/validation.js';
import { PreferencesDto, PreferencesPatchDto } from '../preferences/preferences.dto.js';
import {
  describeProblems,
  IMPORT_KEY_PROBLEMS,
  IMPORT_NOT_AN_OBJECT,
  invidiousImportOf,
  unknownKeysProblem,
  type ImportKey,
  type InvidiousImport,
} from './invidious-import.js';
import type { ExportedPlaylist } from './playlist-transfer.js';

const isObject = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && !Array.isArray(body);

/** Unknown keys are reported before any field. */
const UNKNOWN_KEY_STEP = -1;

/** Every problem of every key in one answer: unknown keys first, then each key's, in the export's order. */
function importError(failures: RequestFailure[]) {
  if (failures[0].step === -Infinity) return invidiousError(400, describeProblems([failures[0].message]));
  const unknown = failures.filter((failure) => failure.step === UNKNOWN_KEY_STEP).map((failure) => failure.property);
  const known = failures
    .filter((failure) => failure.step !== UNKNOWN_KEY_STEP)
    .flatMap((failure) => IMPORT_KEY_PROBLEMS[failure.property as ImportKey](failure.value));
  return invidiousError(400, describeProblems([...(unknown.length ? [unknownKeysProblem(unknown)] : []), ...known]));
}

/** A key of the import, checked with its rule. */
const ImportKeyRule = (key: ImportKey) => Rule('importKey', (value) => IMPORT_KEY_PROBLEMS[key](value)[0] ?? null);

const FILE_BODY = 'Send a JSON object {"content": "<the file\'s text>"}: a subscriptions CSV, an OPML file or a NewPipe JSON export';

const CHANNEL_IDS: ApiPropertyOptions = {
  type: [String],
  example: ['UCuAXFkgsw1L7xaCfnd5JJOw'],
  description: 'Subscribed channel ids, oldest subscription first',
};
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

/** The export's shape with every key optional; anything but a JSON object is refused. */
@RequestDto({
  dialect: 'invidious',
  fields: (body) => (isObject(body) ? body : IMPORT_NOT_AN_OBJECT),
  unknownField: { message: (key) => key, step: UNKNOWN_KEY_STEP },
  error: importError,
})
export class InvidiousImportDto {
  @ApiPropertyOptional({ ...CHANNEL_IDS, required: false, description: 'Channel ids to subscribe to (added to the current subscriptions)' })
  @ImportKeyRule('subscriptions')
  subscriptions?: string[];

  @ApiPropertyOptional({
    ...VIDEO_IDS,
    description: 'Watched video ids, oldest first (added after the current history; videos already in it keep their place)',
  })
  @ImportKeyRule('watch_history')
  watch_history?: string[];

  @ApiPropertyOptional({ type: PreferencesPatchDto, description: 'Preferences to merge (the rules of POST preferences)' })
  @ImportKeyRule('preferences')
  preferences?: PreferencesPatchDto;

  /** Checked as a list here; the playlists' own rules check each one (see PlaylistTransfer). */
  @ApiPropertyOptional({ type: [ExportedPlaylistDto], description: 'Playlists to create' })
  @ImportKeyRule('playlists')
  playlists?: ExportedPlaylistDto[];

  /** The import, normalised (preferences as stored). */
  toImport(): InvidiousImport {
    return invidiousImportOf(this);
  }
}

/** `{"content": string}`: unknown keys are refused first, then a missing or blank content. */
@RequestDto({
  dialect: 'invidious',
  fields: (body) => (isObject(body) ? body : FILE_BODY),
  unknownField: { message: (key) => key, step: UNKNOWN_KEY_STEP },
  error: (failures) => {
    const unknown = failures.filter((failure) => failure.step === UNKNOWN_KEY_STEP).map((failure) => failure.property);
    return invidiousError(400, unknown.length ? `Unknown keys: ${unknown.join(', ')}. ${FILE_BODY}` : failures[0].message);
  },
})
export class SubscriptionFileDto {
  @Rule('fileContent', (content) =>
    typeof content !== 'string' || content.trim() === '' ? `content: expected the file's text as a non-empty string. ${FILE_BODY}` : null,
  )
  @ApiProperty({
    example: 'Channel Id,Channel Url,Channel Title\nUCuAXFkgsw1L7xaCfnd5JJOw,http://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw,Rick Astley\n',
    description:
      "The file's text, as one JSON string: YouTube Takeout's `subscriptions.csv` (or any CSV whose header names a `Channel Id` column), an OPML file " +
      "(outlines whose `xmlUrl` is `…/feeds/videos.xml?channel_id=UC…`), or NewPipe's JSON export. E.g. `jq -Rs '{content: .}' subscriptions.csv | curl --json @- …`.",
  })
  content: string;
}
