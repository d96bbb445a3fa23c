import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dialectOf, pathOf } from './dialect.js';

/** TubeArchivist's browser extension runs on these origins (docs/dialects/tubearchivist.md#cors). */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[^/]+$/;

const INVIDIOUS_PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
  'access-control-allow-headers': 'Authorization, Authentication, Content-Type',
  'access-control-max-age': '600',
};

function tubearchivistOrigin(request: FastifyRequest, extraOrigins: readonly string[]): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return undefined;
  return EXTENSION_ORIGIN.test(origin) || extraOrigins.includes(origin) ? origin : undefined;
}

/**
 * CORS for both dialects. Invidious web clients (Materialious) call /api/v1/ from any origin with an
 * Authorization header, so every response allows `*` without credentials; TubeArchivist's browser
 * extension gets its own origin echoed back. Preflights need no credentials and never reach a handler.
 */
export function installCors(fastify: FastifyInstance, extraOrigins: readonly string[] = []): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'OPTIONS') return;
    const dialect = dialectOf(request.url);
    if (dialect === 'invidious') {
      return reply.code(204).headers(INVIDIOUS_PREFLIGHT).send();
    }
    if (dialect === 'tubearchivist') {
      const origin = tubearchivistOrigin(request, extraOrigins);
      if (origin) {
        void reply.headers({
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'DELETE, GET, OPTIONS, PATCH, POST, PUT',
          'access-control-allow-headers': 'accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with, mode',
          'access-control-max-age': '86400',
          vary: 'Origin',
        });
      }
      return reply.code(204).send();
    }
  });

  // Only requests with an Origin are cross-origin; the others (apps, scripts, same-origin pages) get no CORS headers.
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    if (request.headers.origin !== undefined) {
      const dialect = dialectOf(request.url);
      if (dialect === 'invidious') {
        void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Location');
      } else if (dialect === 'tubearchivist' && pathOf(request.url) !== '/api') {
        const origin = tubearchivistOrigin(request, extraOrigins);
        if (origin) void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      }
    }
    done(null, payload);
  });
}
