import { Settings1764079200000 } from './migrations/1764079200000-settings.js';
import { UsersSessions1764079300000 } from './migrations/1764079300000-users-sessions.js';
import { Preferences1764079400000 } from './migrations/1764079400000-preferences.js';
import { Catalog1764079500000 } from './migrations/1764079500000-catalog.js';
import { YoutubeCookie1764079600000 } from './migrations/1764079600000-youtube-cookie.js';
import { Library1764079700000 } from './migrations/1764079700000-library.js';
import { Playlists1764079900000 } from './migrations/1764079900000-playlists.js';
import { Audit1764080000000 } from './migrations/1764080000000-audit.js';
import { PerformanceIndexes1764081100000 } from './migrations/1764081100000-performance-indexes.js';
import { SearchRum1764081200000 } from './migrations/1764081200000-search-rum.js';
import { TokenCallbackOrigin1764081300000 } from './migrations/1764081300000-token-callback-origin.js';
import { UsernameKey1764081400000 } from './migrations/1764081400000-username-key.js';
import { SessionParent1764081500000 } from './migrations/1764081500000-session-parent.js';
import { FeedTimeline1764081600000 } from './migrations/1764081600000-feed-timeline.js';

/**
 * Every migration, in order (ESM cannot glob-load). Part of every data source, so anything that
 * opens one (the app, the CLI, the test template, the benchmark seed) can migrate. The entity
 * classes belong to the feature modules; the composition root lists them (`src/entities.ts`).
 */
export const MIGRATIONS = [
  Settings1764079200000,
  UsersSessions1764079300000,
  Preferences1764079400000,
  Catalog1764079500000,
  YoutubeCookie1764079600000,
  Library1764079700000,
  Playlists1764079900000,
  Audit1764080000000,
  PerformanceIndexes1764081100000,
  SearchRum1764081200000,
  TokenCallbackOrigin1764081300000,
  UsernameKey1764081400000,
  SessionParent1764081500000,
  FeedTimeline1764081600000,
];
