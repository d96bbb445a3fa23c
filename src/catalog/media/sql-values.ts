/** How catalog values travel as statement parameters, and upsert pieces (shared by the catalog's repositories). */

export const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Image lists travel as JSON text (node-pg would read a JS array inside an array parameter as a
 * dimension); an empty list is "none sent" and keeps the stored one.
 */
export const jsonList = (list: unknown[] | null) => (list?.length ? JSON.stringify(list) : null);

/**
 * The `SET` assignments of an upsert that never replaces a stored value with null: a column the
 * new row leaves unknown keeps what `alias` (the stored row) has. Column names are the code's own.
 */
export const keepingStoredValues = (alias: string, columns: readonly string[]) =>
  columns.map((column) => `${column} = COALESCE(EXCLUDED.${column}, ${alias}.${column})`).join(',\n');
