import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

const headRequest = new AsyncLocalStorage<true>();

/**
 * True while the handler of a HEAD request runs. Fastify answers HEAD with the GET handler (and
 * drops the body), so code that writes as a side effect of a read (marking notifications read,
 * issuing a form's CSRF token) asks this and leaves the write out: HEAD must change nothing.
 */
export function isHeadRequest(): boolean {
  return headRequest.getStore() === true;
}

/** Runs the handler of every HEAD request in the context `isHeadRequest()` reads. */
@Injectable()
export class HeadRequestInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<FastifyRequest>().method !== 'HEAD') return next.handle();
    // Nest binds the handler to the async context in which `handle()` is called.
    return headRequest.run(true, () => next.handle());
  }
}
