/**
 * The one rule for comparing usernames (docs/security.md#9-username-variants): storage, lookup,
 * uniqueness and the login throttle all use `usernameKey`, so every spelling that logs in as a user
 * is also counted as that user.
 *
 * NFKC folds compatibility forms (fullwidth `ａｄｍｉｎ`, ligatures, the Kelvin sign) into plain
 * letters; JavaScript's lower-casing then folds case. `İ` (U+0130) lower-cases to `i` followed by a
 * combining dot, which would keep `admİn` apart from `admin`: it is mapped to `I` first, so it folds
 * to a plain `i`, as Turkish users typing their name on a Turkish keyboard expect. NFKC runs again
 * because lower-casing can leave a string that is not normalised.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').replaceAll('\u0130', 'I').toLowerCase().normalize('NFKC');
}

/** Characters a new username may hold: Latin letters, digits and `_ . @ + -` (no look-alikes of them). */
const NEW_USERNAME_CHARACTERS = /^[A-Za-z0-9_.@+-]*$/;

/**
 * The first character of a new username that the creation rule refuses, or null. Only ASCII letters
 * are allowed, so no name can imitate another with Cyrillic or Greek letters (`аdmin`), fullwidth
 * forms (`ａｄｍｉｎ`) or other characters that look alike once rendered.
 */
export function firstRefusedCharacter(username: string): string | null {
  if (NEW_USERNAME_CHARACTERS.test(username)) return null;
  return [...username].find((character) => !NEW_USERNAME_CHARACTERS.test(character)) ?? null;
}

/** `"а" (U+0430)`: the character and its code point, so a look-alike is visible in an error message. */
export function describeCharacter(character: string): string {
  return `"${character}" (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}
