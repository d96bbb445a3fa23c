import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, mergeMap, throwError, type Observable } from 'rxjs';
import { IS_ADMIN_ONLY } from '../access/decorators.js';
import { PRINCIPAL, type RequestWithPrincipal } from '../access/principal.js';
import { pathOf } from '../http/dialect.js';
import { statusOf } from '../http/error-status.js';
import { auditContextStorage, type AuditContext } from './audit-context.js';
import { AuditService } from './audit.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs every handler inside its request's audit context, and records each state-changing call of an
 * `@AdminOnly()` route as an `admin.action` once it has succeeded or failed.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    // Reads record no audit event (every audited call is a POST, PUT, PATCH or DELETE), so they run
    // as they are: no audit context, no pipeline.
    if (SAFE_METHODS.has(request.method)) return next.handle();
    const auditContext: AuditContext = { ip: request.ip, requestId: String(request.id), actorUserId: request[PRINCIPAL]?.userId ?? null };
    // Nest binds the handler to the async context in which `handle()` is called.
    const handled = auditContextStorage.run(auditContext, () => next.handle());
    const adminOnly = this.reflector.getAllAndOverride<boolean>(IS_ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    if (!adminOnly) return handled;

    const record = (outcome: 'succeeded' | 'failed', status?: number) =>
      this.audit.record(
        'admin.action',
        { details: { operation: context.getHandler().name, method: request.method, path: pathOf(request.url), outcome, ...(status ? { status } : {}) } },
        auditContext,
      );
    return handled.pipe(
      concatMap(async (value) => {
        await record('succeeded');
        return value;
      }),
      catchError((error: unknown) => from(record('failed', statusOf(error))).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}
