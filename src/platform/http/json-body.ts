import type { FastifyRequest } from 'fastify';

/** Deeper bodies are refused: no request of either dialect nests past a handful of levels. */
export const MAX_JSON_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether arrays and objects nest deeper than `limit` (brackets inside strings do not count). */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

class ForbiddenKey extends SyntaxError {}

/** Keys that would replace an object's prototype when copied with `Object.assign` (fastify's default parser refuses them too). */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)) {
    throw new ForbiddenKey('contains a forbidden "__proto__" or "constructor.prototype" key');
  }
  return value;
}

/**
 * JSON bodies: an empty body is "no body" rather than an error (clients send
 * `Content-Type: application/json` on GETs and empty POSTs). Malformed JSON, bytes that are not
 * UTF-8 (RFC 8259, section 8.1), nesting deeper than {@link MAX_JSON_DEPTH} and prototype-poisoning keys
 * are SyntaxErrors, which the exception filter turns into a 400 in the request's dialect. Async
 * because Nest only takes the value of a two-argument parser from a promise.
 */
export async function parseJsonBody(_request: FastifyRequest, body: Buffer): Promise<unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new SyntaxError('the body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  return parseJsonText(text);
}

/**
 * JSON text with the body's limits (nesting, prototype keys), for JSON that arrives some other way
 * (an uploaded file). A SyntaxError names the problem (about `subject`) and, for malformed JSON, its position.
 */
export function parseJsonText(text: string, subject = 'the body'): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new SyntaxError(`${subject} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  const suspicious = text.includes('"__proto__"') || text.includes('"constructor"');
  try {
    return suspicious ? JSON.parse(text, refusePrototypeKeys) : JSON.parse(text);
  } catch (error) {
    if (error instanceof ForbiddenKey) throw new SyntaxError(`${subject} ${error.message}`, { cause: error });
    // V8's message can quote part of the body (a password, a cookie): keep only the position, and
    // do not attach the original error as the cause either.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    // eslint-disable-next-line preserve-caught-error
    throw new SyntaxError(`${subject} is not valid JSON${position ? ` (error at position ${position})` : ''}`);
  }
}
