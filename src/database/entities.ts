import { Settings1764079200000 } from './migrations/1764079200000-settings.js';
import { UsersSessions1764079300000 } from './migrations/1764079300000-users-sessions.js';
import { Preferences1764079400000 } from './migrations/1764079400000-preferences.js';
import { YoutubeCookie1764079600000 } from './migrations/1764079600000-youtube-cookie.js';
import { Library1764079700000 } from './migrations/1764079700000-library.js';
import { SettingEntity } from './setting.entity.js';
import { SessionEntity } from '../sessions/session.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { PreferencesEntity } from '../preferences/preferences.entity.js';
import { YoutubeCookieEntity } from '../cookie/youtube-cookie.entity.js';

/** Every entity and migration, listed once for the app, the CLI and the tests (ESM cannot glob-load). */
export const ENTITIES = [SettingEntity, UserEntity, SessionEntity, PreferencesEntity, YoutubeCookieEntity];
export const MIGRATIONS = [Settings1764079200000, UsersSessions1764079300000, Preferences1764079400000, YoutubeCookie1764079600000, Library1764079700000];
