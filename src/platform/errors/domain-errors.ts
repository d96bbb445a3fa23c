/**
 * What can go wrong in a request, in the application's own terms. Services throw these and know
 * nothing of HTTP; the global exception filter (platform/http/http-exception.filter.ts) turns the
 * kind into a status and the message into the body of the route's dialect: `{"error": …}` under
 * /api/v1/, `{"detail": …}` elsewhere.
 */
export type DomainErrorKind = 'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'unavailable' | 'upstream-failed';

export interface DomainErrorOptions {
  /** Seconds after which the same request may succeed (a rate limit, a dependency coming back). */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly retryAfterSeconds?: number;
  /**
   * The whole body, for a dialect whose clients expect some other shape than its plain one (a
   * dialect's own subclass sets it; see src/tubearchivist/archive/ta-errors.ts). Otherwise unset.
   */
  readonly body?: Readonly<Record<string, unknown>>;

  /** `message` is the client's: it names the field, the limit or the fix. */
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The request itself is wrong: a malformed id, a missing or out-of-range value, a limit it would break. */
export class InvalidInputError extends DomainError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}

/** The caller may not do this to this thing (beyond their rights, not their item). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The thing the request names does not exist (or is not the caller's to see). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** The request is valid but clashes with the current state (a taken name, a disabled feature). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('rate-limited', message, { retryAfterSeconds });
  }
}

/** Something the request needs is missing or down (not configured, shutting down, a dependency away). */
export class UnavailableError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super('unavailable', message, options);
  }
}

/** The upstream the request had to ask failed or answered nonsense. */
export class UpstreamFailedError extends DomainError {
  constructor(message: string) {
    super('upstream-failed', message);
  }
}
