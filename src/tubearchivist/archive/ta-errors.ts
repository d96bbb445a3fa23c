import { ApiError } from '../../platform/http/api-error.js';

/** TubeArchivist's view-level errors keep its `{"message": …}` body (tubearchivist.md §1.3). */
export const taMessageError = (status: number, message: string) => new ApiError(status, { message });
