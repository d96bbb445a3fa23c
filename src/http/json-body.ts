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
  return JSON.parse(text);
}
