import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC } from '../src/platform/access/public.decorator.js';
import { scopeBaseOf } from '../src/platform/access/scope-base.js';
import { readFileSync } from 'node:fs';
import { TestWorld } from './support/test-app.js';

// Nest's and @nestjs/swagger's metadata keys (their constants modules are not exported in ESM).
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const API_OPERATION_METADATA = 'swagger/apiOperation';
const API_EXCLUDE_ENDPOINT_METADATA = 'swagger/apiExcludeEndpoint';

interface Route {
  method: string;
  path: string;
  handler: string;
  isPublic: boolean;
  operationId?: string;
  excludedFromSpec: boolean;
}

const join = (...parts: string[]) =>
  `/${parts
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/** Every controller method Nest registered, with its full path and authorization metadata. */
function collectRoutes(app: NestFastifyApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance))) {
      const handler = controller.prototype[name as keyof object] as unknown as (...args: unknown[]) => unknown;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (methodPath === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      routes.push({
        method: RequestMethod[requestMethod],
        path: join(base, methodPath),
        handler: `${controller.name}.${name}`,
        isPublic: !!reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]),
        operationId: (Reflect.getMetadata(API_OPERATION_METADATA, handler) as { operationId?: string } | undefined)?.operationId,
        excludedFromSpec: !!(Reflect.getMetadata(API_EXCLUDE_ENDPOINT_METADATA, handler) as { disable?: boolean } | undefined)?.disable,
      });
    }
  }
  return routes;
}

describe('every registered route declares its authorization', () => {
  let world: TestWorld;
  let routes: Route[];

  beforeAll(async () => {
    world = await TestWorld.create();
    routes = collectRoutes(await world.startApp());
  });
  afterAll(() => world.close());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/ping', isPublic: false }));
  });

  it('each route is @Public() or lives under a scoped base (/api/v1/auth/ or /api/)', () => {
    const undeclared = routes.filter((r) => !r.isPublic && scopeBaseOf(r.path) === null).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('each route has a unique camelCase operationId', () => {
    const missing = routes.filter((r) => !r.operationId).map((r) => r.handler);
    expect(missing).toEqual([]);
    const ids = routes.map((r) => r.operationId!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
  });
});

describe('the committed OpenAPI document lists exactly the registered routes', () => {
  let world: TestWorld;
  let routes: Route[];

  beforeAll(async () => {
    world = await TestWorld.create();
    routes = collectRoutes(await world.startApp());
  });
  afterAll(() => world.close());

  /** `METHOD /path/{param}` without a trailing slash, so both sides compare alike. */
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`;

  it('every route Nest registered is a path+method of openapi/openapi.json, and nothing else is', () => {
    const spec = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths)
      .flatMap(([path, item]) => ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m]).map((m) => key(m, path)))
      .sort();
    const registered = routes
      .filter((r) => !r.excludedFromSpec)
      .map((r) => key(r.method, r.path))
      .sort();
    expect(registered).toEqual(documented);
  });
});
