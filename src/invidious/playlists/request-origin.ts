import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../platform/config/config.js';

/**
 * The base of absolute `Location` headers (docs/dialects/invidious.md#playlists): PUBLIC_URL when set (a path prefix
 * kept, trailing slashes dropped), else the request's scheme and host. Fastify reads those from
 * X-Forwarded-Proto/-Host only with TRUST_PROXY, so an untrusted client cannot forge them.
 */
export function requestOrigin(config: Pick<AppConfig, 'PUBLIC_URL'>, request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  return config.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
}
