import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../platform/config/config.js';

/**
 * The base of `Location` headers: PUBLIC_URL when set, else nothing, so the header is a path
 * relative to the host the client asked (RFC 9110 allows it). A `Host` header is the client's to
 * write, and echoing it into a redirect target lets a forged one point clients, or a cache
 * keyed without it, at another site.
 */
export function locationBase(config: Pick<AppConfig, 'PUBLIC_URL'>): string {
  return config.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/+$/, '') : '';
}

/**
 * The base of absolute URLs in bodies (`local=true`, docs/dialects/invidious.md#local-urls): PUBLIC_URL when set (a path
 * prefix kept, trailing slashes dropped), else the request's scheme and host. Fastify reads those from
 * X-Forwarded-Proto/-Host only with TRUST_PROXY, so an untrusted client cannot forge them.
 */
export function requestOrigin(config: Pick<AppConfig, 'PUBLIC_URL'>, request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  return config.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
}
