// Many notification-stream clients in one process (its own, so neither the server nor the load
// generator shares its file descriptors or event loop). Raw sockets and a hand-written request keep
// a client at a few hundred bytes; each socket only looks for the start of an event (`data: `).
// Driven over IPC by bench/lib/notifications.mjs:
//   {type:'open', port, path, headers, count, concurrency} → {type:'opened', opened, failed, firstError, ms}
//   {type:'expect'}                                      → {type:'armed'}    (forget what came before)
//   {type:'report'}                                      → {type:'report', received, times: [ms since epoch…]} (so far)
//   {type:'close'}                                       → exits
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const sockets = [];
const MARKER = Buffer.from('data: ');
const EMPTY = Buffer.alloc(0);
let armed = false;
let receivedAt = [];

function openOne(port, request) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const client = { socket, open: false, got: false, tail: EMPTY };
    let settled = false;
    const settle = (error) => {
      if (settled) return;
      settled = true;
      resolve(error ? { error } : { client });
    };
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(request));
    // Buffers, not strings: nothing is decoded, a chunk is only searched for the marker.
    socket.on('data', (chunk) => {
      if (!client.open) {
        if (chunk.toString('latin1', 0, 12) !== 'HTTP/1.1 200') {
          socket.destroy();
          const text = chunk.toString('latin1');
          return settle(`${text.split('\r\n')[0]} ${text.slice(text.indexOf('\r\n\r\n') + 4, text.indexOf('\r\n\r\n') + 200)}`);
        }
        client.open = true;
        settle();
      }
      if (armed && !client.got) {
        const found = chunk.includes(MARKER) || (client.tail.length > 0 && Buffer.concat([client.tail, chunk.subarray(0, MARKER.length)]).includes(MARKER));
        if (found) {
          client.got = true;
          receivedAt.push(now());
        }
      }
      // A copy: a view would keep the whole read buffer alive for as long as the socket lives.
      client.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - MARKER.length + 1)));
    });
    socket.on('error', (error) => settle(error.message));
    socket.on('close', () => {
      client.open = false;
      settle('closed');
    });
  });
}

async function open({ port, path, headers, count, concurrency }) {
  const started = now();
  const head = Object.entries({ host: `127.0.0.1:${port}`, accept: 'text/event-stream', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = `GET ${path} HTTP/1.1\r\n${head}\r\n`;
  let next = 0;
  let failed = 0;
  let firstError = null;
  const worker = async () => {
    while (next < count) {
      next++;
      const result = await openOne(port, request);
      if (result.client) sockets.push(result.client);
      else {
        failed++;
        firstError ??= String(result.error);
        if (failed > 50) return; // the limit is reached: stop trying
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { type: 'opened', opened: sockets.length, failed, firstError, ms: now() - started };
}

process.on('message', async (message) => {
  switch (message.type) {
    case 'open':
      process.send(await open(message));
      break;
    case 'expect':
      receivedAt = [];
      for (const client of sockets) client.got = false;
      armed = true;
      process.send({ type: 'armed' });
      break;
    case 'report':
      process.send({ type: 'report', received: receivedAt.length, open: sockets.filter((c) => c.open).length, times: receivedAt });
      break;
    case 'close':
      for (const client of sockets) client.socket.destroy();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
