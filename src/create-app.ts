import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { installQueueDashboard } from './ops/queue-dashboard/queue-dashboard.js';
import { FieldsInterceptor } from './invidious/fields/fields.interceptor.js';
import { AppModule, type AppOptions } from './app.module.js';
import { StartUpDetailAsDebug } from './platform/logging/logger.js';
import { requestIdOf } from './platform/logging/logging.module.js';
import { MetricsService } from './platform/metrics/metrics.service.js';
import { installRequestMetrics } from './platform/metrics/request-metrics.js';
import { buildOpenApiDocument, createOpenApiDocument } from './platform/openapi/document.js';
import { installResponseSchemas } from './platform/openapi/response-schemas.js';
import { installCors } from './platform/http/cors.js';
import { answerFrameworkError, HttpExceptionFilter } from './platform/http/http-exception.filter.js';
import { HeadRequestInterceptor } from './platform/http/head-request.js';
import { installFileBodies, parseMultipartRequest } from './platform/http/file-body.js';
import { parseJsonBody } from './platform/http/json-body.js';
import { declareRouteBodies, ignoreBodiesOfBodilessRoutes } from './platform/http/request-body.js';
import { RouteTable } from './platform/http/route-table.js';
import { createValidationPipe } from './platform/http/validation.js';
import type { TrustProxy } from './platform/config/trust-proxy.js';
import { capConnectionsPerAddress, serverTimeouts } from './platform/http/connection-limits.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * helmet's options. The CSP is what Swagger UI at /docs needs (its bundle and init script
 * from 'self', inline styles, data: images), nothing more. No `upgrade-insecure-requests`: a
 * self-hosted instance is often reached over plain HTTP on a LAN, where upgrading would break it.
 * Cross-origin resource loads stay allowed: Invidious web clients on other origins embed /cache/
 * thumbnails with <img>.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'self'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' as const },
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
} as const;

/**
 * The headers `helmet(SECURITY_HEADERS)` sets, computed once: they depend on nothing in the request
 * (no CSP nonces), and rebuilding the middleware per request re-parsed the CSP every time.
 */
export function securityHeaders(): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  helmet(SECURITY_HEADERS)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return [...headers];
}

/** The Fastify adapter with the options every entry point (server, tests, spec emitter) shares. */
export function createFastifyAdapter(trustProxy: TrustProxy = false, logger?: PinoLogger, timeouts?: ReturnType<typeof serverTimeouts>): FastifyAdapter {
  return new FastifyAdapter({
    ...timeouts,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count is what Fastify itself makes of a number: trust the `hops` nearest addresses.
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : typeof trustProxy === 'boolean' ? trustProxy : [...trustProxy],
    genReqId: requestIdOf,
    // Malformed escapes (`%FF`) and over-long parameters are refused by the router, before Nest's filter.
    frameworkErrors: answerFrameworkError,
    ...(logger ? { loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) } : {}),
  });
}

/**
 * Builds the HTTP application (not yet listening). Used by `main.ts` and by the tests, so both run
 * exactly the same pipes, filters, parsers, hooks and Swagger set-up.
 */
export async function createHttpApp(options: AppOptions): Promise<NestFastifyApplication> {
  const routes = new RouteTable();
  const adapter = createFastifyAdapter(options.config.TRUST_PROXY, options.logger, serverTimeouts(options.config));
  const fastify = adapter.getInstance();
  capConnectionsPerAddress(fastify.server, options.config.HTTP_MAX_CONNECTIONS_PER_IP);
  // One line per request, with its id; headers (and so credentials) are not part of it.
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  installCors(fastify, options.config.CORS_ORIGINS);
  // Security headers on every response, set on the raw response in onRequest as helmet does (so
  // hijacked streams carry them too); a route that sends its own (the browser pages' stricter CSP
  // and `X-Frame-Options: DENY`) overrides them.
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // Both dialects take JSON (and forms where the dialect says so); text/plain bodies get 415, not a string.
  fastify.removeContentTypeParser('text/plain');
  // Routes that take no body ignore whatever body comes (see request-body.ts); registered first, so
  // the file-body guard below never sees a body such a route ignores.
  ignoreBodiesOfBodilessRoutes(fastify);
  // Files as the body (text/csv, OPML…) on the routes that take them; other routes with a body still answer 415.
  installFileBodies(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(new StartUpDetailAsDebug(app.get(Logger)));
  installRequestMetrics(fastify, app.get(MetricsService));
  installQueueDashboard(app);
  // Before init, which registers the controllers' routes.
  installResponseSchemas(fastify, () => createOpenApiDocument(app));
  declareRouteBodies(app);
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, parseJsonBody);
  // The account page's file upload (POST /account/import): fields arrive as text, like a urlencoded
  // form; the API's file routes get their `file` part.
  app.useBodyParser('multipart/form-data', { bodyLimit: BODY_LIMIT_BYTES }, parseMultipartRequest);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(routes));
  app.useGlobalInterceptors(new HeadRequestInterceptor(), new FieldsInterceptor());
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'tubevault API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  await app.init();
  await fastify.ready();
  return app;
}
