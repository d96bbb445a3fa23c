import type { ValueTransformer } from 'typeorm';

/** Postgres returns int8 as a string; view and subscriber counts fit a double exactly. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
