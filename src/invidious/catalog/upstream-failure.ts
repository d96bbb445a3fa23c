import { invidiousError, type ApiError } from '../../platform/http/api-error.js';
import type { UpstreamReadError } from '../../catalog/read-through/upstream-read-error.js';

/**
 * An upstream failure as an Invidious error (docs/dialects/invidious.md#upstream-reads): 404 when the
 * upstream says the item does not exist (`notFound` is the message Invidious uses for it), 501 when
 * the configured upstream cannot do it, 502 when it failed, 503 with `Retry-After` while it rate
 * limits tubevault, 504 when it did not answer in time.
 */
export function invidiousUpstreamError(error: UpstreamReadError, notFound: string): ApiError {
  switch (error.reason) {
    case 'not-found':
    case 'no-upstream':
      return invidiousError(404, notFound);
    case 'unsupported':
      return invidiousError(501, error.message);
    case 'timeout':
      return invidiousError(504, error.message);
    case 'rate-limited':
      return invidiousError(503, error.message, { 'retry-after': String(error.retryAfterSeconds ?? 1) });
    default:
      // Every upstream instance failing: Retry-After says when the next one is probed.
      return invidiousError(502, error.message, error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : undefined);
  }
}
