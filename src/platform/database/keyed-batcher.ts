/** Items written by one flush at most; more wait for the next one. */
const MAX_BATCH_ITEMS = 1000;

interface Waiter<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit per key: the writes given for one key run one flush at a time (as
 * KeyedSerializer), and those that arrive while a flush runs are written together by the next
 * one. A burst of one user's writes then costs a few transactions instead of one each, while the
 * database's per-key lock still decides between processes.
 *
 * Each caller's promise settles with the flush that wrote its items. When a flush of several
 * callers' items fails, each caller's items are written again on their own, so one caller's bad
 * item (say, a video deleted meanwhile) fails only that caller.
 */
export class KeyedBatcher<K, T> {
  private readonly waiting = new Map<K, Waiter<T>[]>();
  private readonly draining = new Set<K>();

  constructor(private readonly flush: (key: K, items: T[]) => Promise<void>) {}

  add(key: K, items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let queue = this.waiting.get(key);
      if (!queue) this.waiting.set(key, (queue = []));
      queue.push({ items, resolve, reject });
      if (!this.draining.has(key)) void this.drain(key);
    });
  }

  /** Keys with writes running or waiting (for tests and figures). */
  get activeKeys(): number {
    return this.draining.size;
  }

  private async drain(key: K): Promise<void> {
    this.draining.add(key);
    try {
      for (let batch = this.take(key); batch.length; batch = this.take(key)) await this.write(key, batch);
    } finally {
      this.draining.delete(key);
    }
  }

  /** The next waiters of the key, up to MAX_BATCH_ITEMS items (always at least one waiter). */
  private take(key: K): Waiter<T>[] {
    const queue = this.waiting.get(key);
    if (!queue) return [];
    let count = 0;
    let taken = 0;
    while (taken < queue.length && (taken === 0 || count + queue[taken].items.length <= MAX_BATCH_ITEMS)) count += queue[taken++].items.length;
    const batch = queue.splice(0, taken);
    if (queue.length === 0) this.waiting.delete(key);
    return batch;
  }

  private async write(key: K, batch: Waiter<T>[]): Promise<void> {
    try {
      await this.flush(
        key,
        batch.flatMap((waiter) => waiter.items),
      );
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const waiter of batch) {
        try {
          await this.flush(key, waiter.items);
          waiter.resolve();
        } catch (own) {
          waiter.reject(own);
        }
      }
    }
  }
}
