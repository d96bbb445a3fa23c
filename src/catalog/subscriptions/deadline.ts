export class DeadlineExceededError extends Error {}

/**
 * `work`, or a DeadlineExceededError after `ms`: the caller answers in time while the work (which
 * cannot be cancelled) finishes or fails unobserved in the background.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
