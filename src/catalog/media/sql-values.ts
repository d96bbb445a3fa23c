/** How catalog values travel as statement parameters (shared by the catalog's repositories). */

export const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Image lists travel as JSON text (node-pg would read a JS array inside an array parameter as a
 * dimension); an empty list is "none sent" and keeps the stored one.
 */
export const jsonList = (list: unknown[] | null) => (list?.length ? JSON.stringify(list) : null);
