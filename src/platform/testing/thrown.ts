import { refusalOf } from '../http/validation.js';

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

/** The message of an Invidious-dialect refusal (`{"error": …}`); fails when the input is accepted. */
export function invidiousErrorOf(type: new () => object, input: unknown): string {
  const refusal = refusalOf(type, input);
  if (!refusal) throw new Error('expected a refusal, but the input was accepted');
  return (refusal.body as { error: string }).error;
}
