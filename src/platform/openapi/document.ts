import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { APP_INFO as pkg } from '../app-info.js';
import { ADMIN_EXTENSION } from '../access/decorators.js';
import { EXPENSIVE_EXTENSION } from '../access/expensive.decorator.js';
import { PUBLIC_EXTENSION } from '../access/public.decorator.js';
import { scopeEndpointOfTemplate } from '../access/scope-base.js';
import { dialectOf } from '../http/dialect.js';
import { InvidiousErrorDto, TubeArchivistErrorDto } from '../http/error-dtos.js';

export const SECURITY_SCHEMES = {
  bearer: 'bearer',
  token: 'token',
  sid: 'sid',
} as const;

/** Recursively sorts object keys (arrays keep their order) so the committed spec is byte-stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * TubeArchivist clients call `/api/ping/`, so its paths are published with the trailing slash
 * (both forms are served); Invidious paths are published as Invidious documents them, without.
 */
function publishedPath(path: string): string {
  if (path.startsWith('/api/') && !path.startsWith('/api/v1/') && !path.endsWith('/')) return `${path}/`;
  return path;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The description of each `@ApiTags` tag, shown as the heading text of its group in Swagger UI and
 * by generated clients. A module introducing a new tag adds its line here; until then the tag is
 * published without a description, which `npm run openapi:lint` reports (Redocly's tag-description).
 */
const TAG_DESCRIPTIONS: Record<string, string> = {
  audit: 'The audit log of security-relevant events: logins, tokens, users, the YouTube cookie, admin actions (admin accounts only).',
  browser: 'HTML pages for people: the front page, log in, sign out, and the consent page that mints an Invidious API token for an app.',
  cookie: 'The YouTube cookie used for upstream requests (TubeArchivist `/api/cookie/`, admin accounts only). Its value is never returned.',
  feed: "Invidious: the caller's subscription feed (`/api/v1/auth/feed`).",
  health: 'Liveness and readiness probes for orchestrators and load balancers; no credentials needed.',
  history: "Invidious: the caller's watch history (`/api/v1/auth/history`), the same watched state as TubeArchivist's.",
  'import-export':
    "Invidious: the caller's library exported in Invidious's format, and imports of such exports or of other apps' subscription lists (CSV, OPML, NewPipe).",
  instance: 'Instance identification in the Invidious form (`/api/v1/stats`).',
  invidious: 'Invidious public reads of the shared catalog: videos, channels, popular. Errors are `{"error": "…"}`.',
  notifications: 'Invidious: new and changed videos of subscribed channels as a Server-Sent Events stream (`/api/v1/auth/notifications`).',
  playlists: "Invidious playlists: the caller's own (`/api/v1/auth/playlists`) and public reads (`/api/v1/playlists/{id}`).",
  preferences: "Invidious: the caller's preferences (`/api/v1/auth/preferences`).",
  subscriptions: "Invidious: the caller's channel subscriptions (`/api/v1/auth/subscriptions`).",
  tokens: "Invidious: the caller's API tokens: list, mint with narrower scopes, revoke (`/api/v1/auth/tokens…`).",
  upstream:
    'Invidious routes answered by the upstream Invidious instance through a shared Redis cache (search, suggestions, comments, trending, captions, hashtags, storyboards, URL resolution), and the media, manifest and image proxies behind `local=true`. Without an Invidious upstream they answer 501 naming `UPSTREAM_URL`.',
  tubearchivist: 'The TubeArchivist API as its clients (browser extension, media-server plug-ins) call it. Errors are `{"detail": "…"}`.',
  users: 'User accounts (admin accounts only).',
};

/**
 * Declares every tag the operations use, alphabetically, with its description: Swagger UI and
 * generators then show a described group per module, and no operation uses an undeclared tag.
 */
function declareTags(document: OpenAPIObject): void {
  const used = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) for (const tag of item[method]?.tags ?? []) used.add(tag);
  }
  document.tags = [...used].sort().map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }));
}

/**
 * Mirrors the global guard: an operation is protected (any of the three credential forms) unless
 * its handler or controller is `@Public()`, which is published as `security: []`. Protected
 * operations state the scope they need (`x-required-scope`, also in prose), derived from the path
 * exactly as the guard derives it.
 */
function applySecurity(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (Record<string, unknown> & { security?: unknown; description?: string }) | undefined;
      if (!operation) continue;
      if (operation[PUBLIC_EXTENSION]) {
        delete operation[PUBLIC_EXTENSION];
        operation.security = [];
        continue;
      }
      operation.security ??= Object.values(SECURITY_SCHEMES).map((scheme) => ({ [scheme]: [] }));
      const endpoint = scopeEndpointOfTemplate(path);
      if (endpoint === null) continue;
      const scope = `${method.toUpperCase()}:${endpoint}`;
      operation['x-required-scope'] = scope;
      const admin = operation[ADMIN_EXTENSION] ? ' Admin accounts only.' : '';
      operation.description = `${operation.description ? `${operation.description}\n\n` : ''}Requires a credential whose scopes cover \`${scope}\`.${admin}`;
    }
  }
}

type Operation = Record<string, unknown> & { responses: Record<string, unknown>; requestBody?: unknown; security?: unknown[] };

/**
 * Statuses the framework itself answers for whole classes of operations, so every operation lists
 * them without repeating decorators: credential/scope failures (403) and rejected paths (400) on
 * protected routes; malformed (400), oversized (413) and unsupported (415) bodies where a body is taken;
 * the concurrency limit's 429 on `@Expensive()` routes.
 */
function addFrameworkResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const schema = { $ref: `#/components/schemas/${dialectOf(path) === 'invidious' ? InvidiousErrorDto.name : TubeArchivistErrorDto.name}` };
    const response = (description: string) => ({ description, content: { 'application/json': { schema } } });
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const protectedRoute = (operation.security?.length ?? 0) > 0;
      if (protectedRoute) {
        const notAdmin = operation[ADMIN_EXTENSION] ? ', the caller is not an admin' : '';
        operation.responses['403'] ??= response(
          `Missing or invalid credentials, a scope that does not cover this route${notAdmin}, or a cross-site cookie request`,
        );
        operation.responses['400'] ??= response('Invalid request path (`//`, `/./`, `/../` or an encoded slash in a segment)');
      }
      if (operation[EXPENSIVE_EXTENSION]) {
        operation.responses['429'] ??= {
          ...response(
            'The caller already has `EXPENSIVE_REQUESTS_PER_USER` expensive requests (feed, search, export, import) running; retry after `Retry-After` seconds',
          ),
          headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } },
        };
      }
      if (operation.requestBody) {
        operation.responses['400'] ??= response('Malformed body');
        operation.responses['413'] ??= response('Request body larger than 1 MiB');
        operation.responses['415'] ??= response('Unsupported Content-Type');
      }
    }
  }
}

/**
 * Invidious's `fields` query parameter, taken by every Invidious GET that answers JSON (applied
 * once for all of them, see docs/dialects/invidious.md#fields-parameter): documented on each such
 * operation, with its 400. Operations that declare `fields` themselves (the notification stream)
 * keep their own.
 */
function addFieldsParameter(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const operation = item.get as (Operation & { parameters?: { name?: string; in?: string }[] }) | undefined;
    if (!operation || dialectOf(path) !== 'invidious') continue;
    const ok = operation.responses['200'] as { content?: Record<string, unknown> } | undefined;
    if (!ok?.content?.['application/json']) continue;
    operation.parameters ??= [];
    if (operation.parameters.some((p) => p.in === 'query' && p.name === 'fields')) continue;
    operation.parameters.push({
      name: 'fields',
      in: 'query',
      required: false,
      schema: { type: 'string', minLength: 1 },
      example: 'videoId,title,videoThumbnails(quality,url)',
      description:
        'Keep only these keys of the JSON answer (of each element of an array): `a,b` top-level keys, `a/b` a key inside `a`, `a(b,c)` keys inside `a`, nesting as deep as needed. Not given: the whole answer.',
    } as never);
    const invalid = 'A malformed `fields` value: `Invalid fields parameter: <reason>`';
    const refused = operation.responses['400'] as { description?: string } | undefined;
    if (refused) refused.description = `${refused.description ?? ''}; or ${invalid[0].toLowerCase()}${invalid.slice(1)}`;
    else
      operation.responses['400'] = {
        description: invalid,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${InvidiousErrorDto.name}` } } },
      };
  }
}

/**
 * The document as @nestjs/swagger generates it from the controllers and DTOs, before publishing: paths
 * as routed, properties in declaration order. The response serializers take their schemas from it
 * (src/platform/openapi/response-schemas.ts).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('tubevault')
    .setDescription(
      `${pkg.description}.\n\n` +
        'Two dialects share one catalog: the **Invidious** authenticated API under `/api/v1/` (errors are `{"error": "…"}`) ' +
        'and the **TubeArchivist** API under `/api/` (errors are `{"detail": "…"}`). Every route answers with and without a trailing slash.',
    )
    .setVersion(pkg.version)
    .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT or Invidious token JSON',
        description: 'A JWT from `POST /api/login/` or an Invidious token (JSON, raw or percent-encoded).',
      },
      SECURITY_SCHEMES.bearer,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: 'TubeArchivist style: `Token <token>` (the same tokens as Bearer).' },
      SECURITY_SCHEMES.token,
    )
    .addCookieAuth('SID', { type: 'apiKey', in: 'cookie', name: 'SID', description: 'Browser session from `POST /login` (full access).' }, SECURITY_SCHEMES.sid)
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    extraModels: [InvidiousErrorDto, TubeArchivistErrorDto],
  });
}

/** The published document (openapi/openapi.json, /docs): security, framework answers and `fields` added, keys sorted. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = createOpenApiDocument(app);
  document.paths = Object.fromEntries(Object.entries(document.paths).map(([path, item]) => [publishedPath(path), item]));
  declareTags(document);
  applySecurity(document);
  addFrameworkResponses(document);
  addFieldsParameter(document);
  return sortKeys(document) as OpenAPIObject;
}
