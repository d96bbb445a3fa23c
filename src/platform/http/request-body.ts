import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyInstance } from 'fastify';

/** Where `@ApiBody()` and `@ApiQuery()` keep their parameters (the package does not export the name). */
const API_PARAMETERS = 'swagger/apiParameters';
/** Where `@ApiOperation()` keeps its object. */
const API_OPERATION = 'swagger/apiOperation';

/**
 * Which routes read a request body (docs/dialects/invidious.md#request-bodies). A route takes one
 * when its handler has a `@Body()` parameter or declares its body with `@ApiBody()` or in
 * `@ApiOperation({ requestBody })` (a route that
 * reads the body through its own parameter decorator must document it that way anyway): exactly
 * the operations the OpenAPI document gives a `requestBody`. Every other route ignores any body,
 * whatever its type, even malformed or unparseable, and answers as if none had been sent.
 */
export function takesBody(prototype: object, methodName: string): boolean {
  const handler = (prototype as Record<string, unknown>)[methodName] as object;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, prototype.constructor, methodName) ?? {}) as Record<string, unknown>;
  if (Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY))) return true;
  const documented = (Reflect.getMetadata(API_PARAMETERS, handler) ?? []) as { in?: string }[];
  if (documented.some((parameter) => parameter.in === 'body')) return true;
  // A body documented on the operation itself (the file routes' several media types).
  return Boolean((Reflect.getMetadata(API_OPERATION, handler) as { requestBody?: unknown } | undefined)?.requestBody);
}

/** Route config key (read back as `request.routeOptions.config`). */
const TAKES_BODY = 'takesBody';

/**
 * Stamps each controller route's Fastify config with whether it takes a body. Must run after the
 * application is created and before `init()`, which registers the routes (Nest copies a handler's
 * metadata, this config included, onto the route).
 */
export function declareRouteBodies(app: INestApplication): void {
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
        Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [TAKES_BODY]: takesBody(prototype, name) }, handler);
      }
    }
  }
}

/** Headers that make Fastify read and parse a body, hidden from it on routes that take none. */
const NO_BODY = { 'content-type': undefined, 'content-length': undefined, 'transfer-encoding': undefined };

/**
 * On a route that takes no body, Fastify is shown a request without one: it then neither parses it
 * (no 400 for malformed JSON, no 413) nor looks for a parser (no 415). Node discards the unread
 * bytes once the answer is sent. Routes Nest does not register (Swagger UI, the queue dashboard)
 * have no such config and keep Fastify's default handling.
 */
export function ignoreBodiesOfBodilessRoutes(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (config?.[TAKES_BODY] === false) request.headers = NO_BODY;
    done(null, payload);
  });
}
