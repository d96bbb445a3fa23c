export interface WaitOptions {
  /** Between two probes; 20 ms by default. */
  everyMs?: number;
  /** Treat a probe that throws (e.g. a fetch to a process that is down) as not yet: for fault-injection runs. */
  retryOnError?: boolean;
}

type Maybe<T> = T | false | undefined | null;

/**
 * Polls `probe` until it gives a truthy value, and resolves with that value; fails with a message
 * naming `what` after `timeoutMs`. The one polling helper of the tests.
 */
export async function waitFor<T>(what: string, probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 10_000, options: WaitOptions = {}): Promise<T> {
  const { everyMs = 20, retryOnError = false } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = retryOnError
      ? await Promise.resolve()
          .then(probe)
          .catch(() => undefined)
      : await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
