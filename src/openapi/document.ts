import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { APP_INFO as pkg } from '../app-info.js';
import { ADMIN_EXTENSION } from '../auth/decorators.js';
import { PUBLIC_EXTENSION } from '../auth/public.decorator.js';
import { scopeEndpointOfTemplate } from '../auth/scope-base.js';
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
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
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
 * protected routes; malformed (400), oversized (413) and unsupported (415) bodies where a body is taken.
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
        operation.responses['403'] ??= response('Missing or invalid credentials, a scope that does not cover this route, or a cross-site cookie request');
        operation.responses['400'] ??= response('Invalid request path (`//`, `/./`, `/../` or an encoded slash in a segment)');
      }
      if (operation.requestBody) {
        operation.responses['400'] ??= response('Malformed body');
        operation.responses['413'] ??= response('Request body larger than 1 MiB');
        operation.responses['415'] ??= response('Unsupported Content-Type');
      }
    }
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
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
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or Invidious token JSON', description: 'A JWT from `POST /api/login/` or an Invidious token (JSON, raw or percent-encoded).' },
      SECURITY_SCHEMES.bearer,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: 'TubeArchivist style: `Token <token>` (the same tokens as Bearer).' },
      SECURITY_SCHEMES.token,
    )
    .addCookieAuth('SID', { type: 'apiKey', in: 'cookie', name: 'SID', description: 'Browser session from `POST /login` (full access).' }, SECURITY_SCHEMES.sid)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    extraModels: [InvidiousErrorDto, TubeArchivistErrorDto],
  });
  document.paths = Object.fromEntries(Object.entries(document.paths).map(([path, item]) => [publishedPath(path), item]));
  applySecurity(document);
  addFrameworkResponses(document);
  return sortKeys(document) as OpenAPIObject;
}
