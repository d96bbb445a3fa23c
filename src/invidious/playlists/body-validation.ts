import { ValidateBy, type ValidationOptions } from 'class-validator';
import { invidiousError } from '../../platform/http/api-error.js';
import { jsonObjectBody, type RequestShape } from '../../platform/http/validation.js';
import { characterCount } from './playlist-rules.js';

/**
 * A string of at most `max` characters (code points). Other types pass: `@IsString` reports them,
 * so a number is "expected a string", not "too long".
 */
export const MaxCharacters = (max: number, options: ValidationOptions) =>
  ValidateBy({ name: 'maxCharacters', validator: { validate: (value: unknown) => typeof value !== 'string' || characterCount(value) <= max } }, options);

/** Unknown keys are reported before any field. */
const UNKNOWN_KEY_STEP = -1;

/**
 * How a playlist body is read and refused: one `{"error"}` with the wording of
 * docs/dialects/invidious.md#playlists for the first problem (all unknown keys first, then the
 * DTO's fields in declaration order). An absent body counts as `{}`, so each missing field reports
 * its own message; anything else but a JSON object is refused.
 */
export function playlistBody(keys: readonly string[]): RequestShape {
  return {
    dialect: 'invidious',
    fields: jsonObjectBody(`The body must be a JSON object with the keys ${keys.join(', ')}`),
    unknownField: { message: (key) => key, step: UNKNOWN_KEY_STEP },
    error: (failures) => {
      const unknown = failures.filter((failure) => failure.step === UNKNOWN_KEY_STEP).map((failure) => failure.property);
      if (!unknown.length) return invidiousError(400, failures[0].message);
      return invidiousError(400, `Unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: expected ${keys.join(', ')}`);
    },
  };
}
