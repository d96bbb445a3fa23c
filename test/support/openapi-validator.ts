import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;
interface OperationEntry {
  template: string;
  pattern: RegExp;
  staticness: number;
  operations: Record<string, Json>;
}

const SPEC_ID = 'openapi.json';

/**
 * OpenAPI 3.0 schemas → JSON Schema as ajv reads them: `nullable` becomes a `null` type, component
 * references point into the registered document, and objects with declared properties refuse
 * undeclared ones, so a field the spec does not describe fails the test.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace(/^#\//, `${SPEC_ID}#/`);
    else if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    else out[key] = toJsonSchema(value);
  }
  const schema = node as Json;
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (!out.type) return { anyOf: [out, { type: 'null' }] };
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** Checks HTTP responses against the committed spec: the status must be listed and the body must match. */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  private readonly entries: OperationEntry[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    addFormats(this.ajv);
    const converted = toJsonSchema(document) as Json;
    this.ajv.addSchema({ $id: SPEC_ID, components: converted.components });
    for (const template of Object.keys(document.paths as Record<string, Json>)) {
      const bare = template.replace(/\/$/, '');
      const source = bare.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      this.entries.push({
        template,
        pattern: new RegExp(`^${source}/?$`),
        staticness: -(template.match(/\{/g)?.length ?? 0),
        operations: (converted.paths as Record<string, Record<string, Json>>)[template],
      });
    }
    // Static paths win over parametric ones, as in the router.
    this.entries.sort((a, b) => b.staticness - a.staticness);
  }

  /** Problems with one response; empty when it is described by the spec (or its route is not a documented operation). */
  check(method: string, url: string, status: number, contentType: string | undefined, body: string): string[] {
    const path = url.split(/[?#]/)[0];
    const verb = (method === 'HEAD' ? 'GET' : method).toLowerCase();
    if (verb === 'options') return [];
    const entry = this.entries.find((e) => e.pattern.test(path) && e.operations[verb]);
    if (!entry) return [];
    const where = `${method} ${path} (${entry.template})`;
    const responses = entry.operations[verb].responses as Record<string, Json>;
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!response) return [`${where} answered ${status}, which the spec does not list (it lists ${Object.keys(responses).join(', ')})`];
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    if (status === 204 || status === 304 || method === 'HEAD') return body === '' ? [] : [`${where} answered ${status} with a body`];
    if (!content) return body === '' || status === 302 ? [] : [`${where} answered ${status} with a body the spec does not describe`];
    const mediaType = (contentType ?? '').split(';')[0].trim();
    const described = content[mediaType];
    if (!described) return [`${where} answered ${status} as ${mediaType || 'no content type'}; the spec lists ${Object.keys(content).join(', ')}`];
    if (mediaType !== 'application/json' || !described.schema) return [];
    const key = `${entry.template} ${verb} ${status} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(described.schema as Json);
      this.compiled.set(key, validate);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${where} answered ${status} with a body that is not JSON`];
    }
    if (validate(parsed)) return [];
    // An Invidious `fields` selection leaves out keys the schema requires; what it keeps must still match.
    const selection = status < 300 && new URLSearchParams(url.split('?')[1]?.split('#')[0] ?? '').has('fields');
    const errors = (validate.errors ?? []).filter((e) => !(selection && e.keyword === 'required'));
    return errors.map(
      (e) =>
        `${where} ${status}: body${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  }
}

let committed: OpenApiResponseValidator | undefined;

/**
 * The validator of the committed openapi/openapi.json (which `npm test` proves equal to what the code
 * generates), built once per test file.
 */
export function specValidator(): OpenApiResponseValidator {
  committed ??= new OpenApiResponseValidator(JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')));
  return committed;
}

/**
 * The response check: throws when the spec does not list the status for the operation or the body
 * does not match its schema. Every `app.inject` of a TestWorld app runs it (test-app.ts); a test that
 * talks to the app over real HTTP calls it itself.
 */
export function assertDescribedBySpec(method: string, url: string, status: number, contentType: string | undefined, body: string): void {
  const problems = specValidator().check(method, url, status, contentType, body);
  if (problems.length) throw new Error(`response not described by openapi/openapi.json:\n${problems.join('\n')}`);
}
