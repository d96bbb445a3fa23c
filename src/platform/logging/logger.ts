import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

/** Paths that may hold credentials; pino replaces them wherever a log object carries them. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.authentication',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body.password',
  'body.cookie',
];

export type LogFormat = 'json' | 'pretty';

/** `LOG_FORMAT` when set, else readable lines for a person at a terminal and JSON for everything else. */
export function logFormatOf(configured: LogFormat | undefined, isTty = process.stdout.isTTY === true): LogFormat {
  return configured ?? (isTty ? 'pretty' : 'json');
}

/** Fields of the one line per request, shown in its readable form rather than after it. */
const REQUEST_FIELDS = ['method', 'url', 'statusCode', 'responseTimeMs'];

/**
 * One readable line per event: time, level, `[context]` of Nest's loggers, the message; a request
 * as `GET /path 200 (1.2 ms)`. Other fields follow on the same line as JSON.
 */
function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  return pinoPretty({
    destination: destination ?? 1,
    sync: true,
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', 'service', 'context', 'reqId', 'req', ...REQUEST_FIELDS].join(','),
    messageFormat: (log, messageKey) => {
      const message = String(log[messageKey] ?? '');
      if (message === 'request' && typeof log.method === 'string')
        return `${log.method} ${String(log.url)} ${String(log.statusCode)} (${String(log.responseTimeMs)} ms)`;
      return typeof log.context === 'string' ? `[${log.context}] ${message}` : message;
    },
  });
}

/**
 * The process's one pino logger: Nest's logs, Fastify's request lines and start-up lines share it.
 * `destination` defaults to stdout; tests pass a stream to read what was logged. `format` is JSON
 * lines unless `pretty` is asked for.
 */
export function createRootLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const stream = format === 'pretty' ? prettyStream(destination, destination === undefined && process.stdout.isTTY === true) : destination;
  return pino({ level, base: { service: 'tubevault' }, redact: { paths: REDACTED, censor: '[redacted]' } }, stream);
}

/**
 * Nest's own start-up lines, one per module (`InstanceLoader`) and per route (`RoutesResolver`,
 * `RouterExplorer`, about a hundred in all) plus "Starting Nest application", are detail: they
 * are logged at debug level, so `LOG_LEVEL=info` shows only what a person needs to read.
 */
const START_UP_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Wraps the Nest logger (nestjs-pino's) to move Nest's start-up detail down to debug. */
export class StartUpDetailAsDebug implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_DETAIL.has(context) && this.inner.debug) this.inner.debug(message, ...optionalParams);
    else this.inner.log(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug?.(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose?.(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optionalParams);
  }
}
