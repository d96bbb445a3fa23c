/**
 * Runs the tasks given for one key one after another, in the order they were given; tasks of
 * different keys run concurrently.
 *
 * For writes that Postgres serialises anyway (a row or advisory lock per user or per playlist):
 * without this, a burst of one user's writes makes every one of them take a pooled connection and
 * wait inside Postgres for the lock, and the process's pool is soon held by waiters while every
 * other user's requests queue for a connection. Waiting here instead costs no connection: at most
 * one connection per key per process waits for the database's lock (which still decides between
 * processes).
 */
export class KeyedSerializer<K = string | number> {
  private readonly tails = new Map<K, Promise<void>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests and figures). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
