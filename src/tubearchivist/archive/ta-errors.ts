import { DomainError, type DomainErrorKind } from '../../platform/errors/domain-errors.js';

/**
 * A TubeArchivist error whose body is not the plain `{"detail": …}` its clients expect elsewhere:
 * a view's `{"message": …}`, DRF's per-field lists, an envelope with `data: false`… The exception
 * filter sends `body` as it is, with the status of `kind`.
 */
export class TaShapedError extends DomainError {
  constructor(
    kind: DomainErrorKind,
    readonly body: Readonly<Record<string, unknown>>,
    message = JSON.stringify(body),
  ) {
    super(kind, message);
  }
}

/** TubeArchivist's view-level errors keep its `{"message": …}` body (docs/dialects/tubearchivist.md#errors). */
export const taMessageError = (kind: DomainErrorKind, message: string) => new TaShapedError(kind, { message }, message);
