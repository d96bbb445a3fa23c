import { KeyedBatcher } from './keyed-batcher.js';
import { KeyedSerializer } from './keyed-serializer.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A promise the test opens when it wants a held task to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('KeyedSerializer', () => {
  it('runs the tasks of one key one at a time, in order', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const first = gate();
    const a = serializer.run('u1', async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
      return 'a';
    });
    const b = serializer.run('u1', async () => {
      log.push('b start');
      return 'b';
    });
    await tick();
    expect(log).toEqual(['a start']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it('runs tasks of different keys concurrently', async () => {
    const serializer = new KeyedSerializer();
    const held = gate();
    const log: string[] = [];
    const a = serializer.run(1, async () => {
      log.push('1');
      await held.opened;
    });
    const b = serializer.run(2, async () => {
      log.push('2');
    });
    await b;
    expect(log).toEqual(['1', '2']);
    held.open();
    await a;
  });

  it('a failed task rejects its own caller only; the next task of the key still runs', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('k', () => Promise.reject(new Error('boom')));
    const next = serializer.run('k', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('forgets a key once its last task settles', async () => {
    const serializer = new KeyedSerializer();
    await serializer.run('k', async () => undefined);
    await tick();
    expect(serializer.activeKeys).toBe(0);
  });
});

describe('KeyedBatcher', () => {
  it('writes what arrives during a flush together, in the next flush', async () => {
    const flushes: string[][] = [];
    const first = gate();
    const batcher = new KeyedBatcher<number, string>(async (_key, items) => {
      flushes.push(items);
      if (flushes.length === 1) await first.opened;
    });
    const a = batcher.add(1, ['a']);
    const b = batcher.add(1, ['b']);
    const c = batcher.add(1, ['c', 'd']);
    first.open();
    await Promise.all([a, b, c]);
    expect(flushes).toEqual([['a'], ['b', 'c', 'd']]);
    expect(batcher.activeKeys).toBe(0);
  });

  it('flushes different keys concurrently', async () => {
    const held = gate();
    const started: number[] = [];
    const batcher = new KeyedBatcher<number, string>(async (key) => {
      started.push(key);
      if (key === 1) await held.opened;
    });
    const one = batcher.add(1, ['x']);
    await batcher.add(2, ['y']);
    expect(started).toEqual([1, 2]);
    held.open();
    await one;
  });

  it("a failed batch is written again caller by caller: only the bad caller's promise rejects", async () => {
    const first = gate();
    const flushes: string[][] = [];
    const batcher = new KeyedBatcher<number, string>(async (_key, items) => {
      flushes.push(items);
      if (flushes.length === 1) await first.opened;
      if (items.includes('bad')) throw new Error('no such video');
    });
    const head = batcher.add(1, ['a']);
    const good = batcher.add(1, ['b']);
    const bad = batcher.add(1, ['bad']);
    first.open();
    await expect(head).resolves.toBeUndefined();
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('no such video');
    expect(flushes).toEqual([['a'], ['b', 'bad'], ['b'], ['bad']]);
  });

  it('a batch holds at most 1000 items; the rest wait for the next flush', async () => {
    const first = gate();
    const sizes: number[] = [];
    const batcher = new KeyedBatcher<number, number>(async (_key, items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await first.opened;
    });
    const writes = [
      batcher.add(1, [0]),
      ...Array.from({ length: 5 }, (_, i) =>
        batcher.add(
          1,
          Array.from({ length: 300 }, () => i),
        ),
      ),
    ];
    first.open();
    await Promise.all(writes);
    expect(sizes).toEqual([1, 900, 600]);
  });
});
