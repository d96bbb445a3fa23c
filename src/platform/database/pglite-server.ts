/**
 * The embedded PostgreSQL (PGlite) as its own process, so that its single-threaded wasm engine
 * never blocks the API's event loop. Started by `embedded-postgres.ts` through `fork()`; it reports
 * `{ ready: "host:port" }` over IPC and stops when its parent goes away (IPC disconnect), so it
 * cannot outlive the service, even after a SIGKILL of the parent.
 *
 * PGlite is ONE PostgreSQL session, shared by every socket. pglite-socket serialises single
 * protocol messages, not whole exchanges: the Parse of one connection could run between the Parse
 * and the Bind of another (an unnamed statement replaced under its feet: an error, or another
 * query's rows), and a statement of one connection could run inside another's transaction. So the
 * sockets take turns here by exchange: a connection that starts one owns the engine until PGlite
 * answers ReadyForQuery with status idle ('I'), i.e. past the Sync of an extended-protocol query,
 * past a simple query, past COMMIT/ROLLBACK of a transaction. docs/security.md, point 13.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

const [dataDir, maxConnectionsArg] = process.argv.slice(2);
if (!dataDir || !process.send) {
  console.error('pglite-server: run by tubevault itself (usage: fork(pglite-server.js, [dataDir, maxConnections]))');
  process.exit(2);
}

interface PendingMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** ReadyForQuery is 'Z', length 5, then the transaction status: 'I' idle, 'T' in a transaction, 'E' failed one. */
function endsIdle(tail: Uint8Array): boolean {
  const n = tail.length;
  return n >= 6 && tail[n - 6] === 0x5a && tail[n - 5] === 0 && tail[n - 4] === 0 && tail[n - 3] === 0 && tail[n - 2] === 5 && tail[n - 1] === 0x49;
}

/**
 * Stands in for pglite-socket's QueryQueueManager (same methods, which its socket handler calls):
 * messages run one at a time, and while a connection is inside an exchange only its messages run;
 * the others wait, in arrival order.
 */
class ExchangeQueue {
  private waiting: PendingMessage[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.waiting = this.waiting.filter((pending) => {
      if (pending.handlerId !== handlerId) return true;
      pending.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection that goes away inside an exchange gives the engine back, its transaction rolled back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db
      .runExclusive(async () => {
        if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      })
      .catch(() => undefined);
    this.owner = null;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.waiting.findIndex((pending) => pending.handlerId === this.owner);
        if (index < 0 || index >= this.waiting.length) break;
        const [next] = this.waiting.splice(index, 1);
        this.owner = next.handlerId;
        let bytes = 0;
        let tail = new Uint8Array(0);
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                tail = data.length >= 6 ? data.slice(-6) : Uint8Array.from([...tail, ...data].slice(-6));
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          // The handler closes its socket on this; clearTransactionIfNeeded then frees the engine.
          next.reject(error);
          continue;
        }
        if (endsIdle(tail)) this.owner = null;
        next.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }
}

mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create(dataDir);
await db.waitReady;
const maxConnections = Number(maxConnectionsArg) || 4;
const queue = new ExchangeQueue(db);
const handlers = new Set<PGLiteSocketHandler>();
const server = createServer((socket: Socket) => {
  if (handlers.size >= maxConnections) {
    socket.end();
    return;
  }
  const handler = new PGLiteSocketHandler({
    queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
    closeOnDetach: true,
  });
  handlers.add(handler);
  const forget = () => handlers.delete(handler);
  handler.addEventListener('close', forget);
  handler.addEventListener('error', forget);
  handler.attach(socket).catch(() => {
    forget();
    socket.destroy();
  });
});
server.maxConnections = maxConnections;
await new Promise<void>((resolveListening, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolveListening());
});
const address = server.address();
if (address === null || typeof address !== 'object') throw new Error('the embedded database has no TCP address');
process.send({ ready: `127.0.0.1:${address.port}` });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const handler of handlers) await handler.detach(true).catch(() => undefined);
  await new Promise((r) => server.close(r));
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => undefined); // the parent decides when to stop; a terminal's Ctrl-C reaches both
process.on('message', (message: unknown) => {
  if (message === 'stop') void stop();
});
