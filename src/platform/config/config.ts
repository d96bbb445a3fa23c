import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  isURL,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';
import { IsTrustProxy, parseTrustProxy, type TrustProxy } from './trust-proxy.js';

export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
export const UPSTREAM_KINDS = ['invidious', 'youtube-rss', 'none'] as const;
export type UpstreamKind = (typeof UPSTREAM_KINDS)[number];

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value);

const isHttpUrl = (value: string) => isURL(value, { require_tld: false, require_protocol: true, protocols: ['http', 'https'] });

/**
 * `UPSTREAM_URL`'s entries: split on commas, trimmed, empty ones dropped, and the same base URL
 * (trailing slashes aside) kept once, in the order given; undefined when nothing is left.
 */
export function parseUpstreamUrls(value: string): string[] | undefined {
  const seen = new Set<string>();
  const urls: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const key = entry.replace(/\/+$/, '');
    if (!entry || seen.has(key)) continue;
    seen.add(key);
    urls.push(entry);
  }
  return urls.length ? urls : undefined;
}

/**
 * A start-up check a feature module owns for one variable, which `loadConfig` receives from the
 * composition root: the "expected …" text when the value is not acceptable, else undefined.
 */
export type ConfigCheck = (value: unknown) => string | undefined;
/** The supplied checks by variable; a variable marked `@SuppliedCheck()` with no check given accepts any value. */
export type ConfigChecks = Readonly<Partial<Record<keyof EnvironmentVariables, ConfigCheck>>>;

/** Where `loadConfig` puts the checks on the instance under validation, for the duration of `validateSync`. */
const SUPPLIED_CHECKS = Symbol('tubevault:config-checks');

const suppliedCheckOf = (args: ValidationArguments): ConfigCheck | undefined =>
  (args.object as { [SUPPLIED_CHECKS]?: ConfigChecks })[SUPPLIED_CHECKS]?.[args.property as keyof EnvironmentVariables];

/** The variable's rule is the check `loadConfig` is given for it (DEFAULT_PREFERENCES: the Invidious preference rules). */
const SuppliedCheck = () =>
  ValidateBy({
    name: 'suppliedCheck',
    validator: {
      validate: (value: unknown, args) => suppliedCheckOf(args!)?.(value) === undefined,
      defaultMessage: (args) => suppliedCheckOf(args!)?.(args!.value) ?? '',
    },
  });

/**
 * Every environment variable tubevault reads, with its rules. `.env.example` lists the same set;
 * `test/config.spec.ts` keeps the two in step.
 */
export class EnvironmentVariables {
  @Transform(toInt)
  @IsInt({ message: 'an integer port 1-65535' })
  @Min(1, { message: 'an integer port 1-65535' })
  @Max(65535, { message: 'an integer port 1-65535' })
  PORT = 3000;

  @IsString()
  @MinLength(1, { message: 'a host name or IP address to listen on' })
  HOST = '127.0.0.1';

  @IsIn(ROLES, { message: `one of ${ROLES.join(', ')}` })
  ROLE: Role = 'all';

  @IsIn(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL = 'info';

  /** Unset: pretty when stdout is a terminal, else json (see `logFormatOf`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `one of ${LOG_FORMATS.join(', ')}, or unset for pretty on a terminal and json otherwise` })
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'a postgres:// URL, or unset for the embedded database' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt({ message: 'an integer 1-100' })
  @Min(1, { message: 'an integer 1-100' })
  @Max(100, { message: 'an integer 1-100' })
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @MinLength(1, { message: 'a directory path for the embedded database and Redis files' })
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'a redis:// URL, or unset to start a private redis-server' })
  REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: '1-64 characters of A-Z a-z 0-9 : _ -' })
  REDIS_PREFIX = 'tubevault';

  /** Longest wait for one Redis command, queued or sent, before the request needing it answers 503 (docs/security.md). */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds, 100-60000' })
  @Min(100, { message: 'an integer number of milliseconds, 100-60000' })
  @Max(60000, { message: 'an integer number of milliseconds, 100-60000' })
  REDIS_COMMAND_TIMEOUT_MS = 2000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'at least 32 characters (e.g. `openssl rand -hex 32`), or unset to generate one' })
  SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: '1-64 characters of A-Z a-z 0-9 _ . -' })
  ADMIN_USERNAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'at least 8 characters' })
  @MaxLength(1024, { message: 'at most 1024 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'true or false' })
  REGISTRATION_ENABLED = false;

  /** Whose X-Forwarded-For/-Proto/-Host to believe: see trust-proxy.ts and docs/security.md. */
  @Transform(({ value }) => parseTrustProxy(value))
  @IsTrustProxy()
  TRUST_PROXY: TrustProxy = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'an absolute http(s) URL such as https://tube.example.org' })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @SuppliedCheck()
  DEFAULT_PREFERENCES?: string;

  /** Where the YouTube cookie is checked (docs/dialects/tubearchivist.md#cookie-check); tests point it at a fake. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'an absolute http(s) URL such as https://www.youtube.com' })
  YOUTUBE_URL = 'https://www.youtube.com';

  /**
   * The Invidious instances the catalog is read from (their public JSON API): one base URL, or several
   * comma-separated, spread over by UpstreamPool (docs/dialects/invidious.md#several-upstreams).
   */
  @Transform(({ value }) => (typeof value === 'string' ? parseUpstreamUrls(value) : value))
  @IsOptional()
  @ValidateBy({
    name: 'upstreamUrls',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && isHttpUrl(entry)),
      defaultMessage: (args) => {
        const bad = Array.isArray(args?.value) ? (args.value as unknown[]).find((entry) => typeof entry !== 'string' || !isHttpUrl(entry)) : undefined;
        return (
          'an absolute http(s) URL of an Invidious instance such as https://invidious.example.org, or several separated by commas' +
          (bad !== undefined ? ` (${JSON.stringify(bad)} is not one)` : '')
        );
      },
    },
  })
  UPSTREAM_URL?: readonly string[];

  /** Consecutive failures (connection errors, timeouts, 5xx) after which an upstream instance is left alone for a cool-down. */
  @Transform(toInt)
  @IsInt({ message: 'an integer 1-100' })
  @Min(1, { message: 'an integer 1-100' })
  @Max(100, { message: 'an integer 1-100' })
  UPSTREAM_FAILURE_THRESHOLD = 3;

  /** First cool-down of an open circuit before one probe request; doubled after each failed probe, up to 10 minutes. Decimals allowed for tests. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 0.1-600' })
  @Min(0.1, { message: 'a number of seconds, 0.1-600' })
  @Max(600, { message: 'a number of seconds, 0.1-600' })
  UPSTREAM_COOLDOWN_SECONDS = 30;

  /** Unset: invidious when UPSTREAM_URL is set, else youtube-rss; `none` turns refreshes off (see `upstreamKindOf`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(UPSTREAM_KINDS, { message: `one of ${UPSTREAM_KINDS.join(', ')}` })
  UPSTREAM?: UpstreamKind;

  /** How long a client's request waits for the upstream (read-through, pass-through, playback start) before a 504. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds, 100-120000' })
  @Min(100, { message: 'an integer number of milliseconds, 100-120000' })
  @Max(120000, { message: 'an integer number of milliseconds, 100-120000' })
  UPSTREAM_TIMEOUT_MS = 10_000;

  /** Decimals allowed, so tests can use seconds (0.05 = 3 s). */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of minutes, 0.05-1440' })
  @Min(0.05, { message: 'a number of minutes, 0.05-1440' })
  @Max(1440, { message: 'a number of minutes, 0.05-1440' })
  SUBSCRIPTION_REFRESH_MINUTES = 15;

  /** Bull's job lock: a job whose worker died is picked up again once it expired, within two stall checks (every 5 s at most). */
  @Transform(toInt)
  @IsInt({ message: 'an integer 1-600' })
  @Min(1, { message: 'an integer 1-600' })
  @Max(600, { message: 'an integer 1-600' })
  JOB_LOCK_SECONDS = 30;

  /** Entries one playlist may hold (docs/dialects/invidious.md#playlists). */
  @Transform(toInt)
  @IsInt({ message: 'an integer 1-100000' })
  @Min(1, { message: 'an integer 1-100000' })
  @Max(100000, { message: 'an integer 1-100000' })
  PLAYLIST_MAX_VIDEOS = 500;

  /** Keep-alive comments on notification streams (docs/dialects/invidious.md#notifications: 20 s); decimals allowed for tests. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 0.05-300' })
  @Min(0.05, { message: 'a number of seconds, 0.05-300' })
  @Max(300, { message: 'a number of seconds, 0.05-300' })
  NOTIFICATIONS_KEEPALIVE_SECONDS = 20;

  /** How often the notification stream's `debug` topic sends a video; decimals allowed for tests. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 0.05-3600' })
  @Min(0.05, { message: 'a number of seconds, 0.05-3600' })
  @Max(3600, { message: 'a number of seconds, 0.05-3600' })
  NOTIFICATIONS_DEBUG_SECONDS = 60;

  /** Exact origins allowed CORS on TubeArchivist routes besides the browser extensions' (docs/dialects/tubearchivist.md#cors), comma-separated. */
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)
      : value,
  )
  @Matches(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i, {
    each: true,
    message: 'comma-separated origins such as https://ta.example.org (scheme://host[:port], no path)',
  })
  CORS_ORIGINS: readonly string[] = [];

  /** Time a client has to send a whole request, headers and body; then 408 and the socket is closed. Decimals allowed for tests. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 0.5-3600' })
  @Min(0.5, { message: 'a number of seconds, 0.5-3600' })
  @Max(3600, { message: 'a number of seconds, 0.5-3600' })
  HTTP_REQUEST_TIMEOUT_SECONDS = 30;

  /** A connection on which nothing moves either way for this long is closed (notification streams send keep-alives sooner). */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 1-3600' })
  @Min(1, { message: 'a number of seconds, 1-3600' })
  @Max(3600, { message: 'a number of seconds, 1-3600' })
  HTTP_IDLE_TIMEOUT_SECONDS = 60;

  /** How long an idle keep-alive connection is kept open between requests. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'a number of seconds, 1-600' })
  @Min(1, { message: 'a number of seconds, 1-600' })
  @Max(600, { message: 'a number of seconds, 1-600' })
  HTTP_KEEPALIVE_TIMEOUT_SECONDS = 5;

  /** Open connections one peer address may hold; 0: no cap. Behind a reverse proxy every connection comes from the proxy. */
  @Transform(toInt)
  @IsInt({ message: 'an integer 0-100000 (0: no cap)' })
  @Min(0, { message: 'an integer 0-100000 (0: no cap)' })
  @Max(100000, { message: 'an integer 0-100000 (0: no cap)' })
  HTTP_MAX_CONNECTIONS_PER_IP = 2048;

  /** Expensive requests (feed, searches, exports, imports) one user, or one address on public routes, may have in flight across all instances; 0: no limit. */
  @Transform(toInt)
  @IsInt({ message: 'an integer 0-1000 (0: no limit)' })
  @Min(0, { message: 'an integer 0-1000 (0: no limit)' })
  @Max(1000, { message: 'an integer 0-1000 (0: no limit)' })
  EXPENSIVE_REQUESTS_PER_USER = 3;

  /** Bearer token Prometheus sends to GET /metrics; unset: only loopback clients may scrape. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'at least 16 characters (e.g. `openssl rand -hex 32`), or unset for loopback-only metrics' })
  METRICS_TOKEN?: string;
}

/** The variables above, in the order `.env.example` documents them. */
export const ENV_KEYS = [
  'PORT',
  'HOST',
  'ROLE',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATA_DIR',
  'REDIS_URL',
  'REDIS_PREFIX',
  'REDIS_COMMAND_TIMEOUT_MS',
  'SECRET_KEY',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'REGISTRATION_ENABLED',
  'TRUST_PROXY',
  'PUBLIC_URL',
  'DEFAULT_PREFERENCES',
  'YOUTUBE_URL',
  'UPSTREAM_URL',
  'UPSTREAM',
  'UPSTREAM_TIMEOUT_MS',
  'UPSTREAM_FAILURE_THRESHOLD',
  'UPSTREAM_COOLDOWN_SECONDS',
  'SUBSCRIPTION_REFRESH_MINUTES',
  'JOB_LOCK_SECONDS',
  'PLAYLIST_MAX_VIDEOS',
  'NOTIFICATIONS_KEEPALIVE_SECONDS',
  'NOTIFICATIONS_DEBUG_SECONDS',
  'CORS_ORIGINS',
  'METRICS_TOKEN',
  'HTTP_REQUEST_TIMEOUT_SECONDS',
  'HTTP_IDLE_TIMEOUT_SECONDS',
  'HTTP_KEEPALIVE_TIMEOUT_SECONDS',
  'HTTP_MAX_CONNECTIONS_PER_IP',
  'EXPENSIVE_REQUESTS_PER_USER',
] as const satisfies readonly (keyof EnvironmentVariables)[];

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function describeProblem(error: ValidationError, env: Record<string, string | undefined>): string {
  const got = env[error.property];
  const shown =
    got === undefined
      ? '(unset)'
      : JSON.stringify(error.property.includes('PASSWORD') || error.property === 'SECRET_KEY' || error.property === 'METRICS_TOKEN' ? '***' : got);
  const expected = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  return `Invalid environment variable ${error.property}=${shown}: expected ${expected}`;
}

/**
 * Validates the environment once at start-up; throws a ConfigError naming each bad variable.
 * `checks` are the rules feature modules own (the composition root passes them in).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, checks: ConfigChecks = {}): AppConfig {
  const input: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    if (env[key] !== undefined) input[key] = env[key]!;
  }
  const config = plainToInstance(EnvironmentVariables, input);
  Object.defineProperty(config, SUPPLIED_CHECKS, { value: checks, configurable: true });
  let errors: ValidationError[];
  try {
    errors = validateSync(config, { skipMissingProperties: false });
  } finally {
    delete (config as { [SUPPLIED_CHECKS]?: ConfigChecks })[SUPPLIED_CHECKS];
  }
  if (errors.length > 0) throw new ConfigError(errors.map((e) => describeProblem(e, env)));
  if ((config.ADMIN_USERNAME === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(['ADMIN_USERNAME and ADMIN_PASSWORD must be set together (or both left unset)']);
  }
  if (config.HTTP_IDLE_TIMEOUT_SECONDS <= config.NOTIFICATIONS_KEEPALIVE_SECONDS) {
    throw new ConfigError(['HTTP_IDLE_TIMEOUT_SECONDS must exceed NOTIFICATIONS_KEEPALIVE_SECONDS, or idle notification streams are cut off']);
  }
  if (config.UPSTREAM === 'invidious' && !config.UPSTREAM_URL?.length) {
    throw new ConfigError(['UPSTREAM=invidious needs UPSTREAM_URL (the Invidious instance to read from)']);
  }
  return Object.freeze(config);
}

/**
 * The configured upstream: UPSTREAM if set, else invidious when UPSTREAM_URL is set, else YouTube's
 * channel feeds, which need no account or instance of one's own. Null for `UPSTREAM=none`.
 */
export function upstreamKindOf(config: Pick<AppConfig, 'UPSTREAM' | 'UPSTREAM_URL'>): Exclude<UpstreamKind, 'none'> | null {
  const kind = config.UPSTREAM ?? (config.UPSTREAM_URL?.length ? 'invidious' : 'youtube-rss');
  return kind === 'none' ? null : kind;
}
