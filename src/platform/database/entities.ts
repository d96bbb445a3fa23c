import { Settings1764079200000 } from './migrations/1764079200000-settings.js';
import { UsersSessions1764079300000 } from './migrations/1764079300000-users-sessions.js';
import { Preferences1764079400000 } from './migrations/1764079400000-preferences.js';
import { Library1764079700000 } from './migrations/1764079700000-library.js';
import { SettingEntity } from './setting.entity.js';
import { SessionEntity } from '../../identity/sessions/session.entity.js';
import { UserEntity } from '../../identity/users/user.entity.js';
import { PreferencesEntity } from '../../invidious/preferences/preferences.entity.js';
import { YoutubeCookie1764079600000 } from './migrations/1764079600000-youtube-cookie.js';
import { YoutubeCookieEntity } from '../../tubearchivist/cookie/youtube-cookie.entity.js';
import { Catalog1764079500000 } from './migrations/1764079500000-catalog.js';
import { ChannelEntity } from '../../catalog/media/channel.entity.js';
import { VideoEntity } from '../../catalog/media/video.entity.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from '../../catalog/media/upstream-playlist.entity.js';
import { Playlists1764079900000 } from './migrations/1764079900000-playlists.js';
import { PlaylistEntity, PlaylistVideoEntity } from '../../invidious/playlists/playlist.entity.js';
import { Audit1764080000000 } from './migrations/1764080000000-audit.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { PerformanceIndexes1764081100000 } from './migrations/1764081100000-performance-indexes.js';
import { SearchRum1764081200000 } from './migrations/1764081200000-search-rum.js';

/** Every entity and migration, listed once for the app, the CLI and the tests (ESM cannot glob-load). */
export const ENTITIES = [SettingEntity, UserEntity, SessionEntity, PreferencesEntity, YoutubeCookieEntity, ChannelEntity, VideoEntity, UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity, PlaylistEntity, PlaylistVideoEntity, AuditEventEntity];
export const MIGRATIONS = [Settings1764079200000, UsersSessions1764079300000, Preferences1764079400000, Catalog1764079500000, YoutubeCookie1764079600000, Library1764079700000, Playlists1764079900000, Audit1764080000000, PerformanceIndexes1764081100000, SearchRum1764081200000];
