import { applyDecorators, type Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { InvidiousErrorDto, TubeArchivistErrorDto } from '../http/error-dtos.js';

/** The error statuses a route can answer, each with what causes it (the message clients read). */
export type ErrorResponses = Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 502 | 503 | 504, string>>;

/** One `ApiResponse` per status, all with the dialect's error body. */
const errorResponsesOf = (type: Type) => (responses: ErrorResponses) =>
  applyDecorators(...Object.entries(responses).map(([status, description]) => ApiResponse({ status: Number(status), type, description })));

/** Error answers under /api/v1/: `{"error": "…"}`. */
export const ApiInvidiousErrors = errorResponsesOf(InvidiousErrorDto);

/** Error answers elsewhere under /api/: `{"detail": "…"}`. */
export const ApiTubeArchivistErrors = errorResponsesOf(TubeArchivistErrorDto);
