import type { DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './platform/audit/audit-event.entity.js';
import { SettingEntity } from './platform/database/setting.entity.js';
import { SessionEntity } from './identity/sessions/session.entity.js';
import { UserEntity } from './identity/users/user.entity.js';
import { ChannelEntity } from './catalog/media/channel.entity.js';
import { UpstreamPlaylistEntity, UpstreamPlaylistVideoEntity } from './catalog/media/upstream-playlist.entity.js';
import { VideoEntity } from './catalog/media/video.entity.js';
import { PlaylistEntity, PlaylistVideoEntity } from './invidious/playlists/playlist.entity.js';
import { PreferencesEntity } from './invidious/preferences/preferences.entity.js';
import { YoutubeCookieEntity } from './tubearchivist/cookie/youtube-cookie.entity.js';

/** Every entity, listed once for the app and the CLI (ESM cannot glob-load); the data source receives it. */
export const ENTITIES = [
  SettingEntity,
  UserEntity,
  SessionEntity,
  PreferencesEntity,
  YoutubeCookieEntity,
  ChannelEntity,
  VideoEntity,
  UpstreamPlaylistEntity,
  UpstreamPlaylistVideoEntity,
  PlaylistEntity,
  PlaylistVideoEntity,
  AuditEventEntity,
] satisfies DataSourceOptions['entities'];
