import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_EXPENSIVE = 'tubevault:expensive';
/** OpenAPI marker read by the document builder: the operation lists the 429 of the concurrency limit. */
export const EXPENSIVE_EXTENSION = 'x-expensive';

/**
 * The route does work that grows with the caller's data or the catalog (feed pages, searches,
 * exports, imports): a caller may have only `EXPENSIVE_REQUESTS_PER_USER` of these in flight at once,
 * across every instance (docs/security.md#10-no-per-user-bound-on-expensive-work).
 */
export const Expensive = () => applyDecorators(SetMetadata(IS_EXPENSIVE, true), ApiExtension(EXPENSIVE_EXTENSION, true));
