import type { Server } from 'node:http';
import type { AppConfig } from '../config/config.js';

type Limits = Pick<AppConfig, 'HTTP_REQUEST_TIMEOUT_SECONDS' | 'HTTP_IDLE_TIMEOUT_SECONDS' | 'HTTP_KEEPALIVE_TIMEOUT_SECONDS'>;

/**
 * Fastify's server timeouts. A client that sends its headers or body slowly (a byte every few
 * seconds) is answered 408 and disconnected once the whole request has taken longer than
 * HTTP_REQUEST_TIMEOUT_SECONDS; a connection silent both ways is closed after the idle timeout.
 * Node checks pending requests every `connectionsCheckingInterval`, so that is kept short.
 */
export function serverTimeouts(config: Limits) {
  const requestTimeout = Math.round(config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000);
  return {
    requestTimeout,
    connectionTimeout: Math.round(config.HTTP_IDLE_TIMEOUT_SECONDS * 1000),
    keepAliveTimeout: Math.round(config.HTTP_KEEPALIVE_TIMEOUT_SECONDS * 1000),
    http: { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.ceil(requestTimeout / 2)) },
  };
}

/**
 * At most `max` open connections per peer address (0: no cap): one more is closed as soon as it is
 * accepted, before a byte is read, so one client cannot hold every socket of the process.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
