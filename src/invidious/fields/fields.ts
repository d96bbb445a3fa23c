/**
 * Invidious's `fields` parameter (docs/dialects/invidious.md#fields-parameter): which keys of a JSON response to keep.
 *
 *   fields   := selector ("," selector)*
 *   selector := key ("/" key)* [ "(" fields ")" ]
 *   key      := 1+ characters other than , / ( )
 *
 * Parsed once per request into a selection tree, then applied to every object sent. Plain
 * TypeScript: every route that accepts `fields` turns a FieldsSyntaxError into its 400.
 * Selections nest at most MAX_FIELDS_DEPTH levels (keys along a `/` path and inside brackets
 * both count), so parsing, merging and applying them never recurse deeper than that.
 */

/** Selected keys; a key mapped to `null` keeps its whole value, to a selection only the named parts of it. */
export type FieldSelection = Map<string, FieldSelection | null>;

export class FieldsSyntaxError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid fields parameter: ${reason}`);
    this.name = 'FieldsSyntaxError';
  }
}

const DELIMITERS = new Set([',', '/', '(', ')']);

/** Levels a selection may nest: far more than any response has, far less than the call stack allows. */
export const MAX_FIELDS_DEPTH = 32;

/** Recursive descent over the text; positions in messages count characters from 1. */
class FieldsParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parse(): FieldSelection {
    if (this.text === '') throw new FieldsSyntaxError('empty value; name at least one key, e.g. fields=videoId,title');
    const selection = this.list(0, 0);
    if (this.position < this.text.length) {
      // list() stops at a delimiter it cannot continue with; at the top level only a stray `)` gets here.
      throw new FieldsSyntaxError(`unbalanced brackets: ")" at character ${this.position + 1} has no matching "("`);
    }
    return selection;
  }

  /** `depth` counts open brackets; `level`, how deep in the selection tree this list sits. */
  private list(depth: number, level: number): FieldSelection {
    const selection: FieldSelection = new Map();
    for (;;) {
      this.selector(selection, depth, level);
      if (this.peek() !== ',') return selection;
      this.position++;
    }
  }

  private selector(into: FieldSelection, depth: number, level: number): void {
    const path = [this.key(depth)];
    while (this.peek() === '/') {
      if (level + path.length >= MAX_FIELDS_DEPTH) this.tooDeep();
      this.position++;
      path.push(this.key(depth));
    }
    let sub: FieldSelection | null = null;
    if (this.peek() === '(') {
      const open = this.position;
      this.position++;
      if (this.peek() === ')') throw new FieldsSyntaxError(`empty group "()" at character ${open + 1}`);
      if (level + path.length >= MAX_FIELDS_DEPTH) this.tooDeep();
      sub = this.list(depth + 1, level + path.length);
      if (this.peek() !== ')') throw new FieldsSyntaxError(`unbalanced brackets: "(" at character ${open + 1} is never closed`);
      this.position++;
      const next = this.peek();
      if (next !== undefined && next !== ',' && next !== ')') {
        throw new FieldsSyntaxError(`expected "," after ")" at character ${this.position}, found "${next}"`);
      }
    }
    addPath(into, path, sub);
  }

  private key(depth: number): string {
    const start = this.position;
    while (this.position < this.text.length && !DELIMITERS.has(this.text[this.position])) this.position++;
    if (this.position > start) return this.text.slice(start, this.position);
    const found = this.peek();
    if (found === ')' && depth === 0) {
      throw new FieldsSyntaxError(`unbalanced brackets: ")" at character ${start + 1} has no matching "("`);
    }
    throw new FieldsSyntaxError(`empty key at character ${start + 1}${found === undefined ? ' (end of value)' : ` (before "${found}")`}`);
  }

  private tooDeep(): never {
    throw new FieldsSyntaxError(
      `nested deeper than ${MAX_FIELDS_DEPTH} levels at character ${this.position + 1} (keys along a "/" path and inside brackets count)`,
    );
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }
}

/** Adds `a/b/c(sub)` to a selection. Selections merge: `a,a/b` keeps all of `a`, `a/b,a/c` keeps b and c. */
function addPath(into: FieldSelection, path: string[], sub: FieldSelection | null): void {
  let node = into;
  for (const [index, key] of path.entries()) {
    const existing = node.get(key);
    if (existing === null) return;
    if (index === path.length - 1) {
      if (sub === null || existing === undefined) node.set(key, sub);
      else merge(existing, sub);
      return;
    }
    if (existing === undefined) {
      const child: FieldSelection = new Map();
      node.set(key, child);
      node = child;
    } else {
      node = existing;
    }
  }
}

function merge(into: FieldSelection, from: FieldSelection): void {
  for (const [key, sub] of from) addPath(into, [key], sub);
}

/** Parses a `fields` value; throws FieldsSyntaxError (message `Invalid fields parameter: <reason>`). */
export function parseFields(text: string): FieldSelection {
  return new FieldsParser(text).parse();
}

/**
 * The selected parts of a JSON value, keys in their original order. Arrays are filtered element by
 * element; absent keys are skipped; a sub-selection on a scalar is ignored (the scalar is kept).
 */
export function applyFields(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((item) => applyFields(item, selection));
  if (value === null || typeof value !== 'object') return value;
  const kept: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const sub = selection.get(key);
    if (sub === undefined) continue;
    kept.push([key, sub === null ? item : applyFields(item, sub)]);
  }
  // fromEntries defines own properties, so even a `__proto__` key stays data.
  return Object.fromEntries(kept);
}
