import { ApiError } from '../http/api-error.js';
import { validateRequest } from '../http/validation.js';

/**
 * Helpers for the unit tests beside the code (`*.spec.ts`); nothing else imports them.
 */

/** What `run` throws; a test that expected a failure fails when it returns instead. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but it returned');
}

/** The answer the validation pipe gives a request it refuses: status and body in the route's dialect. */
export function rejectionOf(type: new () => object, input: unknown): { status: number; body: unknown } {
  const error = thrownBy(() => validateRequest(type, input));
  if (error instanceof ApiError) return { status: error.getStatus(), body: error.body };
  throw error;
}

/** The message of an Invidious-dialect refusal (`{"error": …}`). */
export const invidiousErrorOf = (type: new () => object, input: unknown): string => (rejectionOf(type, input).body as { error: string }).error;
