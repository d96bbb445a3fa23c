/** The injection token of what reports the upstream instances to readiness (given by the composition root). */
export const UPSTREAM_HEALTH = Symbol('UPSTREAM_HEALTH');

export interface UpstreamInstanceHealth {
  /** The instance's base URL as configured (without trailing slashes). */
  url: string;
  state: 'closed' | 'half-open' | 'open';
  /** Moving average of its time to answer, ms; null before its first answer. */
  latencyMs: number | null;
  /** When an open circuit's probe is due (ISO 8601). */
  nextProbeAt?: string;
}

export interface UpstreamHealthSource {
  /** Each instance, or null when no Invidious upstream is configured. */
  upstreamInstances(): UpstreamInstanceHealth[] | null;
}
