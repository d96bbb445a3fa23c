import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { finalize, from, mergeMap, throwError, type Observable } from 'rxjs';
import { IS_EXPENSIVE } from '../access/expensive.decorator.js';
import { PRINCIPAL, type RequestWithPrincipal } from '../access/principal.js';
import { dialectOf } from '../http/dialect.js';
import { RateLimitedError } from '../errors/domain-errors.js';
import { ExpensiveSlotsService } from './expensive-slots.service.js';

/** Slots free up as soon as a running request ends, so a retry a second later usually gets one. */
const RETRY_AFTER_SECONDS = 1;

export function tooManyExpensiveMessage(limit: number, invidious: boolean): string {
  const text = `Too many expensive requests at once: at most ${limit} (feed, search, export, import) may run per account at a time (EXPENSIVE_REQUESTS_PER_USER); retry when one has finished`;
  return invidious ? text : `${text}.`;
}

/**
 * Enforces `@Expensive()`: the handler runs only with one of the caller's slots, released when it
 * ends however it ends; without a free slot the answer is 429 with `Retry-After`. The caller is the
 * authenticated user, or on public routes the client address.
 */
@Injectable()
export class ExpensiveWorkInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly slots: ExpensiveSlotsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    if (!this.reflector.getAllAndOverride<boolean>(IS_EXPENSIVE, [context.getHandler(), context.getClass()])) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const principal = request[PRINCIPAL];
    const caller = principal ? `user:${principal.userId}` : `ip:${request.ip}`;
    // Called now, so the handler keeps the async context of this call (see HeadRequestInterceptor).
    const handled = next.handle();
    return from(this.slots.acquire(caller)).pipe(
      mergeMap((slot) => {
        if (slot === null) {
          const message = tooManyExpensiveMessage(this.slots.limit, dialectOf(request.url) === 'invidious');
          return throwError(() => new RateLimitedError(message, RETRY_AFTER_SECONDS));
        }
        if (slot === 'unlimited') return handled;
        return handled.pipe(finalize(() => void this.slots.release(slot)));
      }),
    );
  }
}
