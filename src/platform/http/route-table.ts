import FindMyWay from 'find-my-way';

const METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'] as const;

/**
 * Every registered route, kept to tell "unknown path" (404) from "known path, wrong method"
 * (TubeArchivist answers 405 with `Allow`). Fastify's own router cannot be asked that question.
 */
export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly seen = new Set<string>();

  add(method: string | string[], url: string): void {
    for (const m of Array.isArray(method) ? method : [method]) {
      const key = `${m} ${url}`;
      if (this.seen.has(key) || !(METHODS as readonly string[]).includes(m)) continue;
      this.seen.add(key);
      this.router.on(m as (typeof METHODS)[number], url, () => undefined);
    }
  }

  /** The methods registered for a concrete path (without its query), e.g. `['GET', 'HEAD']`. */
  allowedMethods(path: string): string[] {
    return METHODS.filter((m) => this.router.find(m, path) !== null);
  }
}
