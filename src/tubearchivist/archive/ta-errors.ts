import { ApiError } from '../../platform/http/api-error.js';

/** TubeArchivist's view-level errors keep its `{"message": …}` body (docs/dialects/tubearchivist.md#errors). */
export const taMessageError = (status: number, message: string) => new ApiError(status, { message });
