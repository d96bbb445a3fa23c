import { UpstreamPool, type Lease } from './upstream-pool.js';

const A = 'http://a.example/';
const B = 'http://b.example/inv';

function poolWithClock(urls = [A, B], keepSoleInstance = false) {
  const clock = { now: 1_000_000 };
  const attempts: string[] = [];
  const pool = new UpstreamPool(urls, {
    failureThreshold: 3,
    cooldownMs: 10_000,
    maxCooldownMs: 40_000,
    probeTimeoutMs: 5_000,
    keepSoleInstance,
    now: () => clock.now,
    onAttempt: (instance, ok) => attempts.push(`${instance.index}:${ok ? 'ok' : 'fail'}`),
  });
  return { pool, clock, attempts };
}

const pickIndex = (pool: UpstreamPool, exclude?: Set<number>) => {
  const lease = pool.pick(exclude);
  lease?.succeeded(10);
  return lease?.instance.index ?? null;
};
const fail = (lease: Lease | null) => {
  if (!lease) throw new Error('no lease');
  lease.failed(5);
  return lease.instance.index;
};

describe('UpstreamPool', () => {
  it('normalises base URLs and spreads requests over the closed instances in turn', () => {
    const { pool } = poolWithClock();
    expect(pool.instances.map((i) => [i.baseUrl, i.origin])).toEqual([
      ['http://a.example', 'http://a.example'],
      ['http://b.example/inv', 'http://b.example'],
    ]);
    expect([0, 1, 2, 3].map(() => pickIndex(pool))).toEqual([0, 1, 0, 1]);
    expect(pickIndex(pool, new Set([0]))).toBe(1);
    expect(pickIndex(pool, new Set([0, 1]))).toBeNull();
  });

  it('opens a circuit after N consecutive failures only; a success in between starts the count again', () => {
    const { pool } = poolWithClock();
    fail(pool.pickPinned(0));
    fail(pool.pickPinned(0));
    pool.pickPinned(0)!.succeeded(10);
    fail(pool.pickPinned(0));
    fail(pool.pickPinned(0));
    expect(pool.status()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 2, requests: 5, failures: 4 });
    fail(pool.pickPinned(0));
    expect(pool.status()[0]).toMatchObject({ state: 'open', consecutiveFailures: 3, probeAt: 1_010_000 });
    expect([1, 2, 3].map(() => pickIndex(pool))).toEqual([1, 1, 1]);
    expect(pool.pickPinned(0)).toBeNull();
  });

  it('after the cool-down lets exactly one probe through; its success closes the circuit', () => {
    const { pool, clock } = poolWithClock();
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(0));
    clock.now += 9_999;
    expect(pool.status()[0].state).toBe('open');
    expect(pickIndex(pool)).toBe(1);
    clock.now += 1;
    expect(pool.status()[0].state).toBe('half-open');
    const probe = pool.pick()!;
    expect([probe.instance.index, probe.probe]).toEqual([0, true]);
    // While the probe is out, the others take every request and no second probe starts.
    expect([pickIndex(pool), pickIndex(pool)]).toEqual([1, 1]);
    expect(pool.pickPinned(0)).toBeNull();
    probe.succeeded(20);
    expect(pool.status()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0, probeAt: null });
    expect(new Set([pickIndex(pool), pickIndex(pool)])).toEqual(new Set([0, 1]));
  });

  it('a failed probe reopens the circuit with a doubled cool-down, up to the maximum, and a success resets it', () => {
    const { pool, clock } = poolWithClock();
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(0));
    const cooldowns: number[] = [];
    for (let round = 0; round < 4; round++) {
      clock.now = pool.status()[0].probeAt!;
      const probe = pool.pick(new Set([1]))!;
      expect(probe.probe).toBe(true);
      probe.failed(1);
      cooldowns.push(pool.status()[0].probeAt! - clock.now);
    }
    expect(cooldowns).toEqual([20_000, 40_000, 40_000, 40_000]);
    clock.now = pool.status()[0].probeAt!;
    pool.pick(new Set([1]))!.succeeded(1);
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(0));
    expect(pool.status()[0].probeAt! - clock.now).toBe(10_000);
  });

  it('a probe whose caller went away frees the slot when cancelled, or after the probe timeout', () => {
    const { pool, clock } = poolWithClock([A]);
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(0));
    clock.now += 10_000;
    pool.pick()!.cancel();
    const second = pool.pick()!;
    expect(second.probe).toBe(true);
    expect(pool.pick()).toBeNull();
    clock.now += 5_000;
    expect(pool.pick()?.probe).toBe(true);
    expect(pool.status()[0]).toMatchObject({ state: 'half-open', requests: 3 });
  });

  it('counts requests and failures, averages latency of successes, and reports each attempt once', () => {
    const { pool, attempts } = poolWithClock([A]);
    const lease = pool.pick()!;
    lease.succeeded(100);
    lease.failed(1);
    pool.pick()!.succeeded(200);
    pool.pick()!.failed(5000);
    expect(pool.status()[0]).toMatchObject({ requests: 3, failures: 1, latencyMs: 120 });
    expect(attempts).toEqual(['0:ok', '0:ok', '0:fail']);
  });

  it('knows when the next probe is due and whether any instance can take a request', () => {
    const { pool, clock } = poolWithClock();
    expect([pool.nextProbeAt(), pool.anyAvailable]).toEqual([null, true]);
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(0));
    clock.now += 1000;
    for (let i = 0; i < 3; i++) fail(pool.pickPinned(1));
    expect([pool.nextProbeAt(), pool.anyAvailable, pool.pick()]).toEqual([1_010_000, false, null]);
    clock.now = 1_010_000;
    expect(pool.anyAvailable).toBe(true);
  });

  it('skips instances the caller cannot use now (rate limited)', () => {
    const { pool } = poolWithClock();
    expect([1, 2].map(() => pool.pick(undefined, (i) => i.index !== 0)?.instance.index)).toEqual([1, 1]);
  });

  it('keeps sending to a sole instance while its circuit is open, and still probes it to close the circuit', () => {
    const { pool, clock } = poolWithClock([A], true);
    for (let i = 0; i < 3; i++) fail(pool.pick());
    const during = pool.pick()!;
    expect([during.instance.index, during.probe, pool.status()[0].state, pool.anyAvailable]).toEqual([0, false, 'open', true]);
    during.succeeded(1);
    expect(pool.status()[0].state).toBe('open');
    clock.now += 10_000;
    const probe = pool.pickPinned(0)!;
    expect(probe.probe).toBe(true);
    probe.succeeded(1);
    expect(pool.status()[0].state).toBe('closed');
  });
});
