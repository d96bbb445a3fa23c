import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '../errors/domain-errors.js';

/** The HTTP status of each kind of domain error, in both dialects. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
  'upstream-failed': 502,
};

/** The status a thrown error answers with when it is an HTTP exception or a domain error; 500 otherwise. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  if (error instanceof DomainError) return DOMAIN_ERROR_STATUS[error.kind];
  return 500;
}
