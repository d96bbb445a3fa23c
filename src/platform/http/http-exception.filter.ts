import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-errors.js';
import { unavailableMessageOf } from '../errors/unavailable.js';
import { ApiError } from './api-error.js';
import { dialectOf, pathOf, type Dialect } from './dialect.js';
import { acceptedMediaTypesOf, FILE_PART } from './file-body.js';
import { DOMAIN_ERROR_STATUS } from './error-status.js';
import type { RouteTable } from './route-table.js';
import { ValidationFailedException } from './validation.js';

const MIB = 'Request body too large: at most 1 MiB.';

function errorBody(dialect: Dialect, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return dialect === 'invidious' ? { error: message, ...extra } : { detail: message, ...extra };
}

/**
 * Postgres data exceptions (SQLSTATE class 22) raised by a value the client sent: a NUL character
 * (22021), a number out of range (22003), text that is not a number or date (22P02, 22007, 22008)…
 * The request is refused (400); nothing it did in its transaction is kept.
 */
function isBadValue(error: unknown): boolean {
  const e = error as { code?: unknown; name?: string } | undefined;
  return typeof e?.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && (e.name === 'QueryFailedError' || e.name === 'DatabaseError' || 'severity' in e);
}

/** What a 415 asks for: JSON, or on a file route every media type it takes. */
function acceptedOf(request: FastifyRequest): string {
  const accepted = acceptedMediaTypesOf(request);
  if (!accepted) return 'application/json';
  const raw = accepted.filter((type) => type !== 'multipart/form-data');
  return `${raw.slice(0, -1).join(', ')} or ${raw.at(-1)} (the file as the body), or multipart/form-data with the file in the part "${FILE_PART}"`;
}

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * A domain error as the dialect answers it: the kind's status, the error's own body when it has
 * one (a dialect-specific shape), else the message as `{"error"}` or `{"detail"}`; `Retry-After`
 * when the error says when to try again.
 */
export function domainErrorResponse(error: DomainError, dialect: Dialect): ErrorResponse {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return { status: DOMAIN_ERROR_STATUS[error.kind], body: error.body ? { ...error.body } : errorBody(dialect, error.message), headers };
}

const BAD_VALUE = 'The request holds a value the database cannot take (a NUL character, or a number or text out of range).';

/**
 * Fastify's `frameworkErrors`: errors its router raises before any route or Nest filter runs (a
 * malformed `%` escape in the path, a path parameter over 100 characters), answered in the
 * dialect's shape instead of Fastify's own `{"statusCode","code","error","message"}`.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const dialect = dialectOf(request.url);
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  const body =
    dialect === 'invidious'
      ? { error: tooLong ? 'Request path segment too long' : 'Invalid request path' }
      : { detail: tooLong ? 'Request path segment too long.' : 'Invalid request path.' };
  void reply.code(status).header('content-type', 'application/json; charset=utf-8').header('x-content-type-options', 'nosniff').send(JSON.stringify(body));
}

/**
 * Shapes every error for its dialect: `{"error"}` under /api/v1/, `{"detail"}` elsewhere; never a
 * stack trace or SQL. Services' domain errors get their kind's status here; framework errors (body
 * too large, malformed JSON, unknown route) and the HTTP exceptions of guards and controllers land
 * here too.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    const dialect = dialectOf(request.url);
    const { status, body, headers } = this.describe(exception, request, dialect);
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }

  private describe(exception: unknown, request: FastifyRequest, dialect: Dialect): ErrorResponse {
    if (exception instanceof DomainError) return domainErrorResponse(exception, dialect);
    if (exception instanceof ApiError) return { status: exception.getStatus(), body: exception.body, headers: exception.headers };

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const cause = (exception as { cause?: { code?: string } }).cause;
      // Fastify's own errors, raised before any handler ran.
      switch (cause?.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return { status: 413, body: errorBody(dialect, dialect === 'invidious' ? 'Request body is larger than 1 MiB' : MIB), headers: {} };
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
          const type = String(request.headers['content-type'] ?? '')
            .split(';')[0]
            .trim();
          const message =
            dialect === 'invidious' ? `Unsupported Content-Type '${type}': send ${acceptedOf(request)}` : `Unsupported media type "${type}" in request.`;
          return { status: 415, body: errorBody(dialect, message), headers: {} };
        }
      }
      if (status === HttpStatus.NOT_FOUND && request.routeOptions?.url === undefined) return this.unknownRoute(request, dialect);
      if (exception instanceof ValidationFailedException && dialect !== 'invidious') {
        return { status, body: { detail: exception.message, errors: exception.fields }, headers: {} };
      }
      return { status, body: errorBody(dialect, this.messageOf(exception)), headers: {} };
    }

    if (exception instanceof SyntaxError) {
      const message = dialect === 'invidious' ? `Malformed JSON body: ${exception.message}` : `JSON parse error - ${exception.message}`;
      return { status: 400, body: errorBody(dialect, message), headers: {} };
    }

    if (isBadValue(exception)) {
      this.logger.warn(`${request.method} ${pathOf(request.url)}: refused a value the database rejected (${(exception as Error).message})`);
      return { status: 400, body: errorBody(dialect, BAD_VALUE), headers: {} };
    }

    const unavailable = unavailableMessageOf(exception);
    if (unavailable) {
      this.logger.warn(`${request.method} ${pathOf(request.url)}: ${unavailable} (${(exception as Error).message})`);
      return { status: 503, body: errorBody(dialect, unavailable), headers: { 'retry-after': '5' } };
    }

    this.logger.error(`${request.method} ${pathOf(request.url)} failed`, (exception as Error)?.stack ?? String(exception));
    return { status: 500, body: errorBody(dialect, 'Internal server error; the request id is in the server log.'), headers: {} };
  }

  private unknownRoute(request: FastifyRequest, dialect: Dialect): ErrorResponse {
    const path = pathOf(request.url);
    if (dialect === 'invidious') {
      return { status: 404, body: { error: `Requested path: '${request.method}:${path}' was not found.` }, headers: {} };
    }
    const allowed = this.routes.allowedMethods(path);
    if (allowed.length > 0) {
      const allow = [...new Set([...allowed, 'OPTIONS'])].join(', ');
      return { status: 405, body: { detail: `Method "${request.method}" not allowed.` }, headers: { allow } };
    }
    return { status: 404, body: { detail: 'Not found.' }, headers: {} };
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
    return exception.message;
  }
}
