import { Settings1764079200000 } from './migrations/1764079200000-settings.js';
import { SettingEntity } from './setting.entity.js';

/** Every entity and migration, listed once for the app, the CLI and the tests (ESM cannot glob-load). */
export const ENTITIES = [SettingEntity];
export const MIGRATIONS = [Settings1764079200000];
