import 'reflect-metadata';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { invidiousError } from '../../platform/http/api-error.js';
import { dialectOf } from '../../platform/http/dialect.js';
import { serializeAsIs } from '../../platform/openapi/response-schemas.js';
import { applyFields, FieldsSyntaxError, parseFields, type FieldSelection } from './fields.js';

/**
 * Whether the handler sends its answer itself (`@Res()` without `passthrough`, e.g. the
 * notification stream): there is no returned value to filter, and such a route reads `fields` on
 * its own.
 */
function sendsItself(context: ExecutionContext): boolean {
  const [type, name] = [context.getClass(), context.getHandler().name];
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<string, unknown>;
  const takesReply = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.RESPONSE));
  return takesReply && Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, type, name) !== true;
}

/** An object or array the handler returns for Nest to serialise (not a string, a Buffer or a stream). */
function isJsonValue(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** The selection of a `fields` query value, or the 400 that refuses it. */
export function selectionOf(value: unknown): FieldSelection {
  if (typeof value !== 'string') throw invidiousError(400, 'Invalid fields parameter: give it once, e.g. fields=videoId,title');
  try {
    return parseFields(value);
  } catch (error) {
    if (error instanceof FieldsSyntaxError) throw invidiousError(400, error.message);
    throw error;
  }
}

/**
 * Invidious's `fields` query parameter on every Invidious `GET` (and so `HEAD`) that answers with a
 * JSON value (docs/dialects/invidious.md#fields-parameter). The parameter is taken out of the query
 * before the route's own query DTO sees it (those refuse or drop unknown parameters), and the
 * handler's value is filtered before it is serialised (with `JSON.stringify`, not the route's
 * response schema). Strings (WebVTT captions, DASH manifests)
 * go out as they are.
 */
@Injectable()
export class FieldsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if ((request.method !== 'GET' && request.method !== 'HEAD') || dialectOf(request.url) !== 'invidious' || sendsItself(context)) return next.handle();
    const query = request.query as Record<string, unknown> | undefined;
    if (!query || !Object.hasOwn(query, 'fields')) return next.handle();
    const selection = selectionOf(query.fields);
    delete query.fields;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (!isJsonValue(value)) return value;
        // The selection is not the documented shape a route's response schema would write.
        serializeAsIs(reply);
        return applyFields(value, selection);
      }),
    );
  }
}
