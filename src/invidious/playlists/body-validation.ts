import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { ValidateBy, validateSync, type ValidationOptions } from 'class-validator';
import { characterCount } from './playlist-rules.js';

export type BodyValidation<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A string of at most `max` characters (code points). Other types pass: `@IsString` reports them,
 * so a number is "expected a string", not "too long".
 */
export const MaxCharacters = (max: number, options: ValidationOptions) =>
  ValidateBy({ name: 'maxCharacters', validator: { validate: (value: unknown) => typeof value !== 'string' || characterCount(value) <= max } }, options);

/**
 * Validates a JSON body against a DTO's class-validator rules and answers with one message, the
 * spec's wording for the first problem (unknown keys first, then the DTO's fields in declaration
 * order). The global ValidationPipe is not used for these bodies because its messages prefix the
 * field name and join every problem, while Invidious clients expect the exact `{"error"}` texts of
 * docs/dialects/invidious.md#playlists. An absent body counts as `{}`, so each missing field reports its own message.
 */
export function validateBody<T extends object>(dto: ClassConstructor<T>, keys: readonly string[], body: unknown): BodyValidation<T> {
  const plain = body === undefined ? {} : body;
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, message: `The body must be a JSON object with the keys ${keys.join(', ')}` };
  }
  const unknown = Object.keys(plain).filter((key) => !keys.includes(key));
  if (unknown.length) return { ok: false, message: `Unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: expected ${keys.join(', ')}` };
  const value = plainToInstance(dto, plain);
  const [first] = validateSync(value, { stopAtFirstError: true });
  if (first) return { ok: false, message: Object.values(first.constraints ?? {})[0] ?? `Invalid ${first.property}` };
  return { ok: true, value };
}
