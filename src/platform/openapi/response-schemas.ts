import { RouteConfig } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import type { FastifyInstance, FastifyReply, RouteOptions } from 'fastify';

/**
 * Large answers serialised by a schema compiled once (fast-json-stringify) instead of
 * `JSON.stringify`, the schema being the route's 200 answer in the OpenAPI document, so each shape is
 * written once: in its DTO classes (docs/architecture.md#response-serializers).
 */

const SCHEMA_SERIALIZED = 'tubevault.schemaSerialized';

/** The handler's 200 answer is serialised by the schema of its OpenAPI response (GET routes, and so HEAD). */
export const SerializedBySchema = (): MethodDecorator => RouteConfig({ [SCHEMA_SERIALIZED]: true });

export type JsonSchema = Record<string, unknown>;
export type Serializer = (value: unknown) => string;

/** Documentation only: nothing fast-json-stringify needs (and `title` etc. are not property names here). */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'deprecated', 'externalDocs', 'readOnly', 'writeOnly', 'xml']);
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else']);
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const REF = /^#\/components\/schemas\/(.+)$/;

/**
 * `schema` with its `$ref`s to the document's component schemas inlined, ready for fast-json-stringify:
 * annotations dropped, and objects documented without properties (free-form, e.g. an upstream's
 * stream objects) kept whole, where fast-json-stringify would write `{}`. Objects with properties
 * lose any other key, as a DTO says which keys exist.
 */
export function serializerSchema(schema: JsonSchema, components: Record<string, unknown>, refs: readonly string[] = []): JsonSchema {
  if (typeof schema.$ref === 'string') {
    const name = REF.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : (components[name] as JsonSchema | undefined);
    if (name === undefined || target === undefined) throw new Error(`Unresolvable $ref ${schema.$ref}`);
    if (refs.includes(name)) throw new Error(`Recursive schema ${[...refs, name].join(' → ')} cannot be inlined`);
    return serializerSchema(target, components, [...refs, name]);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, serializerSchema(sub, components, refs)]),
      );
    } else if (SUBSCHEMA.has(key) && value !== null && typeof value === 'object') {
      out[key] = serializerSchema(value as JsonSchema, components, refs);
    } else if (SUBSCHEMA_LISTS.has(key)) {
      out[key] = (value as JsonSchema[]).map((sub) => serializerSchema(sub, components, refs));
    } else {
      out[key] = value;
    }
  }
  // @nestjs/swagger describes a documented $ref as `allOf: [$ref]`.
  const allOf = out.allOf as JsonSchema[] | undefined;
  if (allOf?.length === 1 && Object.keys(out).length === 1) return allOf[0];
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) out.additionalProperties = true;
  if (Array.isArray(out.oneOf) && Object.keys(out).length === 1) return byDiscriminator(out.oneOf as JsonSchema[]) ?? out;
  return keepingKeyOrder(out);
}

/** An object schema's properties and required list, also when `keepingKeyOrder` made it a branch on an optional property. */
function objectOf(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  let object = schema;
  while (object.properties === undefined && object.then !== undefined) object = object.then as JsonSchema;
  return { properties: (object.properties as Record<string, JsonSchema> | undefined) ?? {}, required: (object.required as string[] | undefined) ?? [] };
}

/** The one value a branch's property may take (`enum: [x]`), if it is required. */
function constantOf(branch: JsonSchema, name: string): unknown {
  const { properties, required } = objectOf(branch);
  const values = properties[name]?.enum as unknown[] | undefined;
  return values?.length === 1 && required.includes(name) ? values[0] : undefined;
}

/**
 * `oneOf` object shapes told apart by one property (a playlist's `type`) as a chain of
 * `if`/`then`/`else` on that property: fast-json-stringify then checks one value, where for `oneOf`
 * it validates the whole answer against each shape.
 */
function byDiscriminator(branches: JsonSchema[]): JsonSchema | null {
  const names = branches.length > 1 ? Object.keys(objectOf(branches[0]).properties) : [];
  const name = names.find((candidate) => {
    const values = branches.map((branch) => constantOf(branch, candidate));
    return values.every((value) => value !== undefined) && new Set(values).size === values.length;
  });
  if (name === undefined) return null;
  const chain = (rest: JsonSchema[]): JsonSchema =>
    rest.length === 1
      ? rest[0]
      : {
          type: 'object',
          if: { type: 'object', properties: { [name]: { const: constantOf(rest[0], name) } }, required: [name] },
          then: rest[0],
          else: chain(rest.slice(1)),
        };
  return chain(branches);
}

/**
 * fast-json-stringify writes required properties before optional ones; an optional property
 * declared before a required one (`premiereTimestamp` amid a video's flags) would move. Such a
 * property becomes a branch on its presence, where it is required and so keeps its place.
 */
function keepingKeyOrder(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return schema;
  const names = Object.keys(properties);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const moved = names.find((name, i) => !required.has(name) && names.slice(i + 1).some((next) => required.has(next)));
  if (moved === undefined) return schema;
  const present = { ...schema, required: names.filter((name) => required.has(name) || name === moved) };
  const absent = { ...schema, properties: Object.fromEntries(Object.entries(properties).filter(([name]) => name !== moved)) };
  return { type: 'object', if: { type: 'object', required: [moved] }, then: keepingKeyOrder(present), else: keepingKeyOrder(absent) };
}

/** The route's path as the document writes it (`/a/:id` → `/a/{id}`). */
const documentPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The serializer schema of the 200 JSON answer of `GET url` in `document`; throws when the document has none. */
export function responseSchemaOf(document: OpenAPIObject, url: string): JsonSchema {
  const path = documentPath(url);
  const item = document.paths[path] ?? document.paths[path.endsWith('/') ? path.slice(0, -1) : `${path}/`];
  const content = (item?.get?.responses['200'] as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content;
  const schema = content?.['application/json']?.schema;
  if (!schema) throw new Error(`GET ${url} is @SerializedBySchema() but documents no 200 JSON answer`);
  return serializerSchema(schema, (document.components?.schemas ?? {}) as Record<string, unknown>);
}

/** Compiles a serializer schema (exported so tests compile exactly what the routes use). */
export const compileSerializer = (schema: JsonSchema): Serializer => fastJsonStringify(schema as unknown as Schema) as Serializer;

const installed = new WeakMap<FastifyInstance, Map<string, Serializer>>();

/**
 * Gives every `@SerializedBySchema()` route its 200 response schema and serializer as Fastify adds it
 * (its HEAD twin too). `documentOf` builds the document; it runs once, at the first such route, so it
 * must be callable before the routes are registered (after the Nest application is created).
 */
export function installResponseSchemas(fastify: FastifyInstance, documentOf: () => OpenAPIObject): void {
  let document: OpenAPIObject | undefined;
  const byUrl = new Map<string, { schema: JsonSchema; serialize: Serializer }>();
  const routes = new Map<string, Serializer>();
  installed.set(fastify, routes);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if ((route.config as Record<string, unknown> | undefined)?.[SCHEMA_SERIALIZED] !== true) return;
    const methods = [route.method].flat();
    if (methods.some((method) => method !== 'GET' && method !== 'HEAD'))
      throw new Error(`@SerializedBySchema() is for GET routes, not ${methods.join(',')} ${route.url}`);
    let compiled = byUrl.get(route.url);
    if (!compiled) {
      document ??= documentOf();
      const schema = responseSchemaOf(document, route.url);
      compiled = { schema, serialize: compileSerializer(schema) };
      byUrl.set(route.url, compiled);
    }
    const { schema, serialize } = compiled;
    route.schema = { ...route.schema, response: { 200: schema } };
    route.serializerCompiler = ({ schema: other, httpStatus }) => (httpStatus === '200' ? serialize : compileSerializer(other as JsonSchema));
    for (const method of methods) routes.set(`${method} ${route.url}`, serialize);
  });
}

/** `METHOD url` → the serializer of its 200 answer, for every route of `fastify` that has one. */
export function responseSerializersOf(fastify: FastifyInstance): ReadonlyMap<string, Serializer> {
  return installed.get(fastify) ?? new Map();
}

/**
 * For an answer that no longer has its documented shape (Invidious `fields`): serialised by
 * `JSON.stringify`, as a route without a schema is. Fastify then leaves the content type to us.
 */
export function serializeAsIs(reply: FastifyReply): void {
  void reply.header('content-type', 'application/json; charset=utf-8').serializer(JSON.stringify);
}
