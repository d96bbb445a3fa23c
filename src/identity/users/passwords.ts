import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolatedModules cannot read). */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID } as const;

/** argon2id PHC string (argon2's own salt, OWASP's default cost: m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing anyone knows, verified against when a username is unknown so timing does not tell. */
const decoy = hash(`decoy-${Math.random()}`, OPTIONS);

/** Constant-time verification (inside argon2); an unknown user costs the same as a wrong password. */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? (await decoy), password);
    return ok && passwordHash !== undefined;
  } catch {
    return false;
  }
}
