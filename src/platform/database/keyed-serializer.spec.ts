import { KeyedSerializer } from './keyed-serializer.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

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
