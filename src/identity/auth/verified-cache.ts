/**
 * Credentials whose signature and form already checked out, keyed by their exact text, so a request
 * with a known credential costs a map lookup instead of a parse and an HMAC (see docs/benchmarks.md). Only what
 * cannot change is cached: the signing key is fixed for the life of the process, and expiry and the
 * session (revocation) are still checked on every request by the caller. Bounded: once full, the
 * oldest entry goes.
 */
export class VerifiedCredentialCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries: number) {}

  get(text: string): T | undefined {
    return this.entries.get(text);
  }

  set(text: string, value: T): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(text, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
