import { HttpException } from '@nestjs/common';

/**
 * For guards and controllers (services throw the domain errors of platform/errors instead).
 * An error whose body is already in its dialect's final shape (e.g. TubeArchivist's
 * `{"status":"Bad Request","message":…}` or `{"non_field_errors":[…]}`): the exception filter
 * sends it unchanged. Plain HttpExceptions get wrapped as `{"error"}` or `{"detail"}` instead.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(body, status);
  }
}

/** Shorthands for the two dialects' plain error bodies. */
export const invidiousError = (status: number, error: string, headers?: Record<string, string>) => new ApiError(status, { error }, headers);
export const taError = (status: number, detail: string, headers?: Record<string, string>) => new ApiError(status, { detail }, headers);
