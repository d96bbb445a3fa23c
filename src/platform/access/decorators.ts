import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PRINCIPAL, type Principal, type RequestWithPrincipal } from './principal.js';

export const IS_ADMIN_ONLY = 'tubevault:admin-only';
export const ADMIN_EXTENSION = 'x-admin-only';

/** Only users with is_admin may call the route (after authentication and scope checks). */
export const AdminOnly = () => applyDecorators(SetMetadata(IS_ADMIN_ONLY, true), ApiExtension(ADMIN_EXTENSION, true));

/** The authenticated principal of the request (set by the global guard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL];
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
