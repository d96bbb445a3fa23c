import pino, { type DestinationStream, type Logger } from 'pino';

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

/**
 * The process's one pino logger: Nest's logs, Fastify's request lines and start-up lines share it.
 * `destination` defaults to stdout; tests pass a stream to read what was logged.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'tubevault' }, redact: { paths: REDACTED, censor: '[redacted]' } }, destination);
}
