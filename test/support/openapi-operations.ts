/** The operations of an OpenAPI 3 document, flattened for tests that walk every route. */

export type Json = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
}

export interface SpecOperation {
  method: string;
  /** The path template as the document writes it, e.g. `/api/v1/auth/playlists/{id}`. */
  template: string;
  operationId: string;
  /** `x-required-scope`, e.g. `DELETE:playlists/<id>`; absent on public routes. */
  requiredScope?: string;
  parameters: SpecParameter[];
  /** Request body media types and their schemas (references resolved one level). */
  body?: { required: boolean; content: Record<string, Json> };
  /** The response status codes the document lists. */
  statuses: string[];
  /** Every media type any response may have, e.g. `['application/json', 'text/event-stream']`. */
  produces: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Follows `$ref`s into `components` (recursively inside the returned copy, cycles cut at depth 8); a `oneOf` is its first alternative. */
export function resolveSchema(document: Json, schema: unknown, depth = 0): Json {
  if (!schema || typeof schema !== 'object') return {};
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    if (depth > 8) return {};
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((o, key) => (o as Json)?.[key], document);
    return resolveSchema(document, target, depth + 1);
  }
  // A request body that takes several shapes: the walks generate from its first (the main one).
  if (Array.isArray(node.oneOf) && node.oneOf.length) return resolveSchema(document, node.oneOf[0], depth + 1);
  const out: Json = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties as Json).map(([k, v]) => [k, resolveSchema(document, v, depth + 1)]));
  }
  if (node.items) out.items = resolveSchema(document, node.items, depth + 1);
  if (Array.isArray(node.allOf)) {
    const parts = (node.allOf as unknown[]).map((p) => resolveSchema(document, p, depth + 1));
    if (parts.length === 1) return { ...parts[0], ...Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'allOf')) };
    out.allOf = parts;
  }
  return out;
}

export function operationsOf(document: Json): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const requestBody = op.requestBody as { required?: boolean; content?: Record<string, { schema?: unknown }> } | undefined;
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: String(op.operationId),
        requiredScope: op['x-required-scope'] as string | undefined,
        parameters: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({
          name: String(p.name),
          in: p.in as SpecParameter['in'],
          required: p.required === true,
          schema: resolveSchema(document, p.schema),
        })),
        body: requestBody?.content
          ? {
              required: requestBody.required === true,
              content: Object.fromEntries(Object.entries(requestBody.content).map(([type, media]) => [type, resolveSchema(document, media.schema)])),
            }
          : undefined,
        statuses: Object.keys((op.responses as Json | undefined) ?? {}),
        produces: [
          ...new Set(Object.values((op.responses as Record<string, { content?: Json }> | undefined) ?? {}).flatMap((r) => Object.keys(r.content ?? {}))),
        ],
      });
    }
  }
  return operations;
}

/** The path with each `{name}` replaced by its (already URL-safe) value. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return values[name];
  });
}

/** The dialect an error body must be in: `{"error"}` under /api/v1/, `{"detail"}` (or a TA body) elsewhere. */
export function dialectOfPath(path: string): 'invidious' | 'tubearchivist' | 'browser' {
  if (path === '/api/v1' || path.startsWith('/api/v1/')) return 'invidious';
  if (path === '/api' || path.startsWith('/api/')) return 'tubearchivist';
  return 'browser';
}

/** A value the schema accepts, from its examples and defaults where it has them. */
export function exampleOf(schema: Json): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.allOf) && schema.allOf.length) return exampleOf(schema.allOf[0] as Json);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set((schema.required as string[] | undefined) ?? Object.keys(properties));
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, exampleOf(v)]),
      );
    }
    case 'array':
      return schema.items ? [exampleOf(schema.items as Json)] : [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default:
      return schema.properties ? exampleOf({ ...schema, type: 'object' }) : 'x';
  }
}
