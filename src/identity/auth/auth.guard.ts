import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { dialectOf } from '../../platform/http/dialect.js';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import { grants, grantsExplicitly, normaliseScopePath, PathNormalisationError } from '../scopes/scope.js';
import { credentialError, crossSiteError, invalidPathError, permissionError } from './auth-errors.js';
import { CredentialError } from './credentials.js';
import { CredentialResolver } from './credential-resolver.service.js';
import { IS_ADMIN_ONLY } from '../../platform/access/decorators.js';
import { PRINCIPAL, type Principal, type RequestWithPrincipal } from '../../platform/access/principal.js';
import { IS_PUBLIC } from '../../platform/access/public.decorator.js';
import { scopeBaseOf } from '../../platform/access/scope-base.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard: every route needs a credential and a scope covering `METHOD:path` unless it
 * is `@Public()`. The scope path is the request's own path after its dialect base, normalised
 * (docs/dialects/invidious.md#scopes) — never written by hand per handler.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: CredentialResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const dialect = dialectOf(request.url);
    const base = scopeBaseOf(request.routeOptions.url ?? '');
    // A protected route outside both scope bases is a programming error, caught by the route-walk test.
    if (!base) throw new Error(`route ${request.routeOptions.url} has no scope base and is not @Public()`);

    let principal: Principal;
    try {
      principal = await this.resolver.resolve(request.headers);
    } catch (error) {
      if (error instanceof CredentialError) {
        const viaCookie = !request.headers.authorization && !request.headers.authentication;
        throw this.failed(error.failure, credentialError(dialect, error.failure, error.detail, viaCookie));
      }
      throw error;
    }

    if (principal.via === 'sid' && !SAFE_METHODS.has(request.method) && this.isCrossSite(request)) throw this.failed('cross-site', crossSiteError(dialect));

    let scopePath: string;
    try {
      // The router decodes escapes when matching; a base that is only there once decoded is a trick.
      if (!request.url.startsWith(base)) throw new PathNormalisationError();
      scopePath = normaliseScopePath(request.url.slice(base.length));
    } catch (error) {
      if (error instanceof PathNormalisationError) throw invalidPathError(dialect);
      throw error;
    }
    if (!grants(principal.scopes, request.method, scopePath)) throw this.failed('scope', permissionError(dialect, 'scope'));
    if (this.reflector.getAllAndOverride<boolean>(IS_ADMIN_ONLY, targets)) {
      if (!principal.isAdmin) throw this.failed('admin', permissionError(dialect, 'admin'));
      // An admin's Invidious token reaches admin routes only through a scope naming them: `GET:*`
      // minted for an app must not open user administration, the audit log or the cookie.
      if (principal.via === 'invidious-token' && !grantsExplicitly(principal.scopes, request.method, scopePath)) {
        throw this.failed('admin-scope', permissionError(dialect, 'admin-scope'));
      }
    }

    request[PRINCIPAL] = principal;
    return true;
  }

  /** Counts the refusal for /metrics (auth failures by reason) and returns the error to throw. */
  private failed(reason: string, error: Error): Error {
    this.metrics.countAuthFailure(reason);
    return error;
  }

  /** docs/dialects/invidious.md#cross-site-requests: browsers say where a request comes from; native clients send neither header. */
  private isCrossSite(request: FastifyRequest): boolean {
    const fetchSite = request.headers['sec-fetch-site'];
    if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return false;
    const own = this.config.PUBLIC_URL ? new URL(this.config.PUBLIC_URL).origin : `${request.protocol}://${request.host}`;
    return origin !== own;
  }
}
