import type { FastifyRequest } from 'fastify';

/**
 * JSON bodies: an empty body is "no body" rather than an error (clients send
 * `Content-Type: application/json` on GETs and empty POSTs); malformed JSON is a SyntaxError,
 * which the exception filter turns into a 400 in the request's dialect. Async because Nest only
 * takes the value of a two-argument parser from a promise.
 */
export async function parseJsonBody(_request: FastifyRequest, body: Buffer): Promise<unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message can quote part of the body (a password, a cookie): keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SyntaxError(`the body is not valid JSON${position ? ` (error at position ${position})` : ''}`);
  }
}
