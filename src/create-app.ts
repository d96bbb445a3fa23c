import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { installQueueDashboard } from './ops/queue-dashboard/queue-dashboard.js';
import { AppModule, type AppOptions } from './app.module.js';
import { StartUpDetailAsDebug } from './platform/logging/logger.js';
import { requestIdOf } from './platform/logging/logging.module.js';
import { MetricsService } from './platform/metrics/metrics.service.js';
import { installRequestMetrics } from './platform/metrics/request-metrics.js';
import { buildOpenApiDocument } from './platform/openapi/document.js';
import { installCors } from './platform/http/cors.js';
import { answerFrameworkError, HttpExceptionFilter } from './platform/http/http-exception.filter.js';
import { HeadRequestInterceptor } from './platform/http/head-request.js';
import { parseJsonBody } from './platform/http/json-body.js';
import { parseMultipartBody } from './platform/http/multipart.js';
import { RouteTable } from './platform/http/route-table.js';
import { createValidationPipe } from './platform/http/validation.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * `@fastify/helmet`'s options. The CSP is what Swagger UI at /docs needs (its bundle and init script
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

/** The Fastify adapter with the options every entry point (server, tests, spec emitter) shares. */
export function createFastifyAdapter(trustProxy = false, logger?: PinoLogger): FastifyAdapter {
  return new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy,
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
  const adapter = createFastifyAdapter(options.config.TRUST_PROXY, options.logger);
  const fastify = adapter.getInstance();
  // One line per request, with its id; headers (and so credentials) are not part of it.
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  installCors(fastify, options.config.CORS_ORIGINS);
  // Security headers on every response. Helmet sets them in onRequest; a route that sends its own
  // (the browser pages' stricter CSP and `X-Frame-Options: DENY`) overrides them.
  await fastify.register(helmet, SECURITY_HEADERS);
  // Both dialects take JSON (and forms where the dialect says so); text/plain bodies get 415, not a string.
  fastify.removeContentTypeParser('text/plain');

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(new StartUpDetailAsDebug(app.get(Logger)));
  installRequestMetrics(fastify, app.get(MetricsService));
  installQueueDashboard(app);
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, parseJsonBody);
  // The account page's file upload (POST /account/import); fields arrive as text, like a urlencoded form.
  app.useBodyParser('multipart/form-data', { bodyLimit: BODY_LIMIT_BYTES }, parseMultipartBody);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(routes));
  app.useGlobalInterceptors(new HeadRequestInterceptor());
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
