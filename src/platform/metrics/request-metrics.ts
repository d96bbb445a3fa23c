import type { FastifyInstance } from 'fastify';
import { dialectOf } from '../http/dialect.js';
import type { MetricsService } from './metrics.service.js';

/** The label of requests no route matched (404s for unknown paths): one value, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts and times every answered request by route template. Hijacked replies (notification
 * streams) skip onResponse; their number is the open-streams gauge instead.
 */
export function installRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: String(reply.statusCode),
      dialect: dialectOf(request.url),
    };
    metrics.observeRequest(labels, reply.elapsedTime / 1000);
  });
}
