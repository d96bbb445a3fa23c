import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AppModule, type AppOptions } from '../app.module.js';
import { requestIdOf } from '../logging/logging.module.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { installCors } from './cors.js';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { parseJsonBody } from './json-body.js';
import { RouteTable } from './route-table.js';
import { createValidationPipe } from './validation.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The Fastify adapter with the options every entry point (server, tests, spec emitter) shares. */
export function createFastifyAdapter(trustProxy = false, logger?: PinoLogger): FastifyAdapter {
  return new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy,
    genReqId: requestIdOf,
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
  // Both dialects take JSON (and forms where the spec says so); text/plain bodies get 415, not a string.
  fastify.removeContentTypeParser('text/plain');

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, parseJsonBody);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(routes));
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
