/**
 * The embedded PostgreSQL (PGlite) as its own process, so that its single-threaded wasm engine
 * never blocks the API's event loop. Started by `embedded-postgres.ts` through `fork()`; it reports
 * `{ ready: "host:port" }` over IPC and stops when its parent goes away (IPC disconnect), so it
 * cannot outlive the service, even after a SIGKILL of the parent.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir, maxConnectionsArg] = process.argv.slice(2);
if (!dataDir || !process.send) {
  console.error('pglite-server: run by tubevault itself (usage: fork(pglite-server.js, [dataDir, maxConnections]))');
  process.exit(2);
}

mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create(dataDir);
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: Number(maxConnectionsArg) || 4 });
await server.start();
process.send({ ready: server.getServerConn() });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => undefined); // the parent decides when to stop; a terminal's Ctrl-C reaches both
process.on('message', (message: unknown) => {
  if (message === 'stop') void stop();
});
