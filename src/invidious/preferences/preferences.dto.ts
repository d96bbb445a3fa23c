import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { invidiousError } from '../../platform/http/api-error.js';
import { RequestDto, Rule, type RequestFailure } from '../../platform/http/validation.js';
import {
  COMMENT_SOURCES,
  DARK_MODES,
  DASH_QUALITIES,
  FEED_MENU_PAGES,
  FEED_SORTS,
  HOME_PAGES,
  MAX_RESULTS_RANGE,
  MAX_STRING_LENGTH,
  PLAYER_STYLES,
  NOT_AN_OBJECT,
  PREFERENCE_KEYS,
  PREFERENCE_RULES as RULES,
  QUALITIES,
  SPEED_RANGE,
  VOLUME_RANGE,
  LOCALE_PATTERN,
  PLAYLIST_ID_PATTERN,
  REGION_PATTERN,
  validatePatch,
  type PreferenceKey,
  type Preferences,
  type PreferencesPatch,
} from './preferences-schema.js';

type BooleanKey = { [K in PreferenceKey]: Preferences[K] extends boolean ? K : never }[PreferenceKey];

const flag = (key: BooleanKey, description: string) => ApiProperty({ type: Boolean, default: RULES[key].default, example: RULES[key].default, description });

/**
 * Every preference of docs/dialects/invidious.md#preferences as GET answers it (null values omitted). The rules
 * themselves live in preferences-schema.ts; this class only documents them.
 */
export class PreferencesDto {
  @flag('annotations', 'Show video annotations')
  annotations: boolean;

  @flag('annotations_subscribed', 'Show annotations on videos of subscribed channels')
  annotations_subscribed: boolean;

  @flag('autoplay', 'Start playback automatically')
  autoplay: boolean;

  @flag('automatic_instance_redirect', 'Redirect to another instance when this one fails')
  automatic_instance_redirect: boolean;

  @flag('continue', 'Play the next video when one ends')
  continue: boolean;

  @flag('latest_only', 'Feed: only the latest video of each channel')
  latest_only: boolean;

  @flag('listen', 'Audio-only mode')
  listen: boolean;

  @flag('local', 'Proxy videos through the instance')
  local: boolean;

  @flag('notifications_only', 'Feed: only notifications')
  notifications_only: boolean;

  @flag('thin_mode', 'Hide thumbnails')
  thin_mode: boolean;

  @flag('unseen_only', 'Feed: only unwatched videos')
  unseen_only: boolean;

  @flag('video_loop', 'Loop the video')
  video_loop: boolean;

  @flag('extend_desc', 'Expand the video description')
  extend_desc: boolean;

  @flag('save_player_pos', 'Remember the playback position')
  save_player_pos: boolean;

  @flag('search_privacy', 'Keep search terms out of history')
  search_privacy: boolean;

  @flag('preload', 'Preload the video')
  preload: boolean;

  @flag('continue_autoplay', 'Autoplay the next video when continuing')
  continue_autoplay: boolean;

  @flag('watch_history', 'Record watched videos (off: history routes answer 409)')
  watch_history: boolean;

  @flag('vr_mode', 'Enable VR controls for 360° videos')
  vr_mode: boolean;

  @flag('show_nick', 'Show the username in the page header')
  show_nick: boolean;

  @flag('related_videos', 'Show related videos')
  related_videos: boolean;

  @ApiProperty({
    type: [String],
    maxItems: 3,
    default: RULES.captions.default,
    example: ['en', 'de', ''],
    description: `Preferred caption languages, padded to 3 with ""; each at most ${MAX_STRING_LENGTH} characters. On input, fewer items or a lone string (\`"en"\` → \`["en","",""]\`) are accepted.`,
  })
  captions: string[];

  @ApiProperty({
    enum: COMMENT_SOURCES,
    isArray: true,
    maxItems: 2,
    default: RULES.comments.default,
    example: RULES.comments.default,
    description: 'Comment sources in order, padded to 2 with ""; on input up to 2 items (or a lone string)',
  })
  comments: string[];

  @ApiProperty({
    enum: DARK_MODES,
    default: RULES.dark_mode.default,
    example: 'dark',
    description: 'Theme; "" follows the system. On input, true means "dark" and false "light".',
  })
  dark_mode: string;

  @ApiProperty({
    maxLength: MAX_STRING_LENGTH,
    pattern: LOCALE_PATTERN.source,
    default: RULES.locale.default,
    example: 'pt-BR',
    description: 'Interface language tag',
  })
  locale: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: REGION_PATTERN.source,
    default: RULES.region.default,
    example: 'DE',
    description: 'Content region (ISO 3166-1 alpha-2); null unsets it and GET then omits the key',
  })
  region?: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: MAX_RESULTS_RANGE.min,
    maximum: MAX_RESULTS_RANGE.max,
    default: RULES.max_results.default,
    example: 60,
    description: 'Videos per feed page',
  })
  max_results: number;

  @ApiProperty({ enum: PLAYER_STYLES, default: RULES.player_style.default, example: 'youtube' })
  player_style: string;

  @ApiProperty({ enum: QUALITIES, default: RULES.quality.default, example: 'hd720', description: 'Preferred video quality' })
  quality: string;

  @ApiProperty({ enum: DASH_QUALITIES, default: RULES.quality_dash.default, example: '1080p', description: 'Preferred quality when `quality` is dash' })
  quality_dash: string;

  @ApiPropertyOptional({
    enum: HOME_PAGES,
    nullable: true,
    default: RULES.default_home.default,
    example: 'Subscriptions',
    description: 'Start page; "" is the search page. null unsets it and GET then omits the key',
  })
  default_home?: string | null;

  @ApiProperty({
    enum: FEED_MENU_PAGES,
    isArray: true,
    uniqueItems: true,
    maxItems: FEED_MENU_PAGES.length,
    default: RULES.feed_menu.default,
    example: ['Subscriptions', 'Playlists'],
    description: 'Pages in the feed menu, in order, each at most once',
  })
  feed_menu: string[];

  @ApiProperty({ enum: FEED_SORTS, default: RULES.sort.default, example: 'alphabetically', description: 'Order of the subscription feed' })
  sort: string;

  @ApiProperty({ type: Number, minimum: SPEED_RANGE.min, maximum: SPEED_RANGE.max, default: RULES.speed.default, example: 1.5, description: 'Playback speed' })
  speed: number;

  @ApiProperty({
    type: 'integer',
    minimum: VOLUME_RANGE.min,
    maximum: VOLUME_RANGE.max,
    default: RULES.volume.default,
    example: 50,
    description: 'Player volume in percent',
  })
  volume: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_STRING_LENGTH,
    pattern: PLAYLIST_ID_PATTERN.source,
    example: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
    description: 'Playlist that "add to playlist" uses by default; unset (omitted) by default',
  })
  default_playlist?: string | null;
}

/** Unknown keys are reported, together, before any value. */
const UNKNOWN_KEY_STEP = -1;

/** Every problem in one message, so a client can fix everything in one round trip: unknown keys first, then values in the order sent. */
function patchError(failures: RequestFailure[]) {
  const unknown = failures.filter((failure) => failure.step === UNKNOWN_KEY_STEP).map((failure) => failure.property);
  const values = failures.filter((failure) => failure.step !== UNKNOWN_KEY_STEP).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const problems = [...(unknown.length ? [`Unknown preference keys: ${unknown.join(', ')}`] : []), ...values.map((failure) => failure.message)];
  return invidiousError(400, problems.join('; '));
}

/**
 * POST body: any subset of the keys; each present key is validated (null too: only some keys take
 * it) and merged, the rest is kept. No body, or anything but a JSON object, is refused.
 */
@RequestDto({
  dialect: 'invidious',
  fields: (body) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : NOT_AN_OBJECT),
  unknownField: { message: (key) => key, step: UNKNOWN_KEY_STEP },
  error: patchError,
})
export class PreferencesPatchDto extends PartialType(PreferencesDto, { skipNullProperties: false }) {
  /** The values, normalised as the rules store them. */
  values(): PreferencesPatch {
    const result = validatePatch({ ...this });
    if (!result.ok) throw new Error(`a validated patch was refused: ${result.problems.join('; ')}`);
    return result.values;
  }
}

// Each key's rule, applied to the value as sent.
for (const key of PREFERENCE_KEYS) {
  const { normalise, expected } = RULES[key] as { normalise: (value: unknown) => unknown; expected: string };
  Rule('preference', (value) => (value !== undefined && normalise(value) === undefined ? `Invalid value for "${key}": expected ${expected}` : null))(
    PreferencesPatchDto.prototype,
    key,
  );
}
