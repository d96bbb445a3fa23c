import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request id from a trusted proxy's `X-Request-Id` when well-formed, else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Nest's own logs through nestjs-pino on the process's root logger. The one line per request is
 * written by a Fastify hook with Fastify's request logger (see create-app.ts), which sees the final
 * status of every request, including those rejected before routing. nestjs-pino's per-request
 * middleware (pino-http plus an AsyncLocalStorage scope around every request) is bound to no
 * route (`forRoutes: []`): it only gave in-request lines a `req` object, and cost every request.
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false }, forRoutes: [] })] };
  }
}
