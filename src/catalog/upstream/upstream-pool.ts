/**
 * Several Invidious instances behind one upstream (docs/dialects/invidious.md#several-upstreams):
 * which one a request goes to, and a circuit breaker per instance. Plain TypeScript with an
 * injectable clock, so the state machine is tested without waiting.
 *
 * - **closed**: the instance takes requests, in turn with the other closed ones (round-robin).
 *   `failureThreshold` consecutive failures (connection errors, timeouts, 5xx: what the caller
 *   reports as a failure) open the circuit.
 * - **open**: no request goes to it until its cool-down has passed.
 * - **half-open**: the cool-down has passed; the next request is its one probe (no other request
 *   goes to it meanwhile). A success closes the circuit; a failure opens it again for twice the
 *   previous cool-down, up to `maxCooldownMs`.
 *
 * Any answer from the instance (a 404, another 4xx, a 429) is a success here: it is up. Latency is
 * an exponentially weighted moving average of successful attempts.
 */

export type CircuitState = 'closed' | 'half-open' | 'open';
/** The gauge value of each state in /metrics. */
export const CIRCUIT_STATE_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface UpstreamPoolOptions {
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
  /** A probe not reported back within this long (its caller went away) no longer holds the half-open slot. */
  probeTimeoutMs: number;
  /** Weight of the newest sample in the latency average, 0-1. */
  latencyWeight: number;
  now: () => number;
  /**
   * With a single instance there is nowhere else to send a request: its circuit is still tracked
   * (metrics, health) but requests keep going to it, as they would without a pool.
   */
  keepSoleInstance: boolean;
  /** Called after every reported attempt (for metrics). */
  onAttempt?: (instance: UpstreamInstance, ok: boolean, latencyMs: number) => void;
}

export const DEFAULT_POOL_OPTIONS: UpstreamPoolOptions = {
  failureThreshold: 3,
  cooldownMs: 30_000,
  maxCooldownMs: 600_000,
  probeTimeoutMs: 60_000,
  latencyWeight: 0.2,
  keepSoleInstance: true,
  now: () => Date.now(),
};

export interface UpstreamInstance {
  /** Position in UPSTREAM_URL, from 0: what pinned media URLs carry. */
  readonly index: number;
  /** The configured base URL without trailing slashes; request paths are appended to it. */
  readonly baseUrl: string;
  readonly origin: string;
}

export interface InstanceStatus {
  index: number;
  baseUrl: string;
  origin: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** Average latency of successful attempts in ms, null before the first one. */
  latencyMs: number | null;
  requests: number;
  failures: number;
  /** When an open circuit's probe is due (epoch ms); null unless open. */
  probeAt: number | null;
}

/** One attempt on one instance; report its outcome exactly once (or `cancel` it when nobody will know). */
export interface Lease {
  readonly instance: UpstreamInstance;
  /** Whether this attempt is the half-open instance's probe. */
  readonly probe: boolean;
  succeeded(latencyMs: number): void;
  failed(latencyMs: number): void;
  /** The attempt ended without saying anything about the instance (the client went away). */
  cancel(): void;
}

interface Circuit {
  instance: UpstreamInstance;
  open: boolean;
  openUntil: number;
  cooldownMs: number;
  consecutiveFailures: number;
  probeStartedAt: number | null;
  latencyMs: number | null;
  requests: number;
  failures: number;
}

export class UpstreamPool {
  readonly instances: readonly UpstreamInstance[];
  private readonly options: UpstreamPoolOptions;
  private readonly circuits: Circuit[];
  private next = 0;

  constructor(baseUrls: readonly string[], options: Partial<UpstreamPoolOptions> = {}) {
    if (baseUrls.length === 0) throw new Error('UpstreamPool needs at least one base URL');
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
    this.instances = baseUrls.map((url, index) => {
      const baseUrl = url.replace(/\/+$/, '');
      return { index, baseUrl, origin: new URL(baseUrl).origin };
    });
    this.circuits = this.instances.map((instance) => ({
      instance,
      open: false,
      openUntil: 0,
      cooldownMs: this.options.cooldownMs,
      consecutiveFailures: 0,
      probeStartedAt: null,
      latencyMs: null,
      requests: 0,
      failures: 0,
    }));
  }

  /**
   * The instance for the next attempt: a half-open one's probe first, else the next closed one in
   * turn; null when every instance not in `exclude` (or refused by `usable`) is open or probing.
   */
  pick(exclude: ReadonlySet<number> = new Set(), usable: (instance: UpstreamInstance) => boolean = () => true): Lease | null {
    const eligible = this.circuits.filter((c) => !exclude.has(c.instance.index) && usable(c.instance));
    const probe = eligible.find((c) => this.stateOf(c) === 'half-open' && !this.probing(c));
    if (probe) return this.lease(probe, true);
    const closed = eligible.filter((c) => !c.open);
    if (closed.length === 0) return eligible.length && this.sole ? this.lease(eligible[0], false) : null;
    // Round-robin over the whole list keeps the turn fair when the eligible set changes.
    for (let step = 0; step < this.circuits.length; step++) {
      const candidate = this.circuits[(this.next + step) % this.circuits.length];
      if (closed.includes(candidate)) {
        this.next = (candidate.instance.index + 1) % this.circuits.length;
        return this.lease(candidate, false);
      }
    }
    return null;
  }

  /** A lease on one given instance (media URLs that only it can serve), or null while its circuit refuses. */
  pickPinned(index: number): Lease | null {
    const circuit = this.circuits[index];
    if (!circuit) return null;
    if (!circuit.open) return this.lease(circuit, false);
    if (this.stateOf(circuit) === 'half-open' && !this.probing(circuit)) return this.lease(circuit, true);
    return this.sole ? this.lease(circuit, false) : null;
  }

  private get sole(): boolean {
    return this.options.keepSoleInstance && this.circuits.length === 1;
  }

  /** The earliest time an open instance's probe is due (epoch ms), or null when none is open. */
  nextProbeAt(): number | null {
    const due = this.circuits.filter((c) => c.open).map((c) => c.openUntil);
    return due.length ? Math.min(...due) : null;
  }

  status(): InstanceStatus[] {
    return this.circuits.map((c) => ({
      index: c.instance.index,
      baseUrl: c.instance.baseUrl,
      origin: c.instance.origin,
      state: this.stateOf(c),
      consecutiveFailures: c.consecutiveFailures,
      latencyMs: c.latencyMs === null ? null : Math.round(c.latencyMs * 10) / 10,
      requests: c.requests,
      failures: c.failures,
      probeAt: c.open ? c.openUntil : null,
    }));
  }

  /** True while at least one instance can take a request now or is due for its probe. */
  get anyAvailable(): boolean {
    return this.sole || this.circuits.some((c) => this.stateOf(c) !== 'open');
  }

  private stateOf(circuit: Circuit): CircuitState {
    if (!circuit.open) return 'closed';
    return this.options.now() >= circuit.openUntil ? 'half-open' : 'open';
  }

  private probing(circuit: Circuit): boolean {
    return circuit.probeStartedAt !== null && this.options.now() - circuit.probeStartedAt < this.options.probeTimeoutMs;
  }

  private lease(circuit: Circuit, probe: boolean): Lease {
    if (probe) circuit.probeStartedAt = this.options.now();
    let done = false;
    const finish = (ok: boolean | null, latencyMs: number) => {
      if (done) return;
      done = true;
      if (probe) circuit.probeStartedAt = null;
      if (ok === null) return;
      this.record(circuit, probe, ok, latencyMs);
    };
    return {
      instance: circuit.instance,
      probe,
      succeeded: (latencyMs) => finish(true, latencyMs),
      failed: (latencyMs) => finish(false, latencyMs),
      cancel: () => finish(null, 0),
    };
  }

  private record(circuit: Circuit, probe: boolean, ok: boolean, latencyMs: number): void {
    const { failureThreshold, cooldownMs, maxCooldownMs, latencyWeight, now } = this.options;
    circuit.requests += 1;
    if (ok) {
      circuit.latencyMs = circuit.latencyMs === null ? latencyMs : latencyWeight * latencyMs + (1 - latencyWeight) * circuit.latencyMs;
      circuit.consecutiveFailures = 0;
      // Only the probe closes an open circuit: an answer to a request sent before it opened proves little.
      if (probe) {
        circuit.open = false;
        circuit.cooldownMs = cooldownMs;
      }
    } else {
      circuit.failures += 1;
      circuit.consecutiveFailures += 1;
      if (probe) {
        circuit.cooldownMs = Math.min(circuit.cooldownMs * 2, maxCooldownMs);
        circuit.open = true;
        circuit.openUntil = now() + circuit.cooldownMs;
      } else if (!circuit.open && circuit.consecutiveFailures >= failureThreshold) {
        circuit.open = true;
        circuit.openUntil = now() + circuit.cooldownMs;
      }
    }
    this.options.onAttempt?.(circuit.instance, ok, latencyMs);
  }
}
