import { connect, type AddressInfo, type Socket } from 'node:net';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestWorld } from './support/test-app.js';

jest.setTimeout(60_000);

/** What a raw socket received until the server closed it. */
function untilClosed(socket: Socket): Promise<string> {
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  return new Promise((resolve) => socket.once('close', () => resolve(received)));
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * A client that trickles its request (headers, then a byte every few seconds) must not hold a
 * socket forever: the whole request has HTTP_REQUEST_TIMEOUT_SECONDS, then 408 and the socket is
 * closed. One address may hold at most HTTP_MAX_CONNECTIONS_PER_IP connections.
 */
describe('slow and greedy clients, over raw sockets against a listening app', () => {
  let world: TestWorld;
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    world = await TestWorld.create();
    app = await world.startApp({ ROLE: 'api', HTTP_REQUEST_TIMEOUT_SECONDS: '2', HTTP_MAX_CONNECTIONS_PER_IP: '3' });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => world.close());

  it('a body sent one byte at a time past the request timeout → 408, then the socket is closed', async () => {
    const socket = await open(port);
    const closed = untilClosed(socket);
    socket.write('POST /api/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    // One byte every half second, for far longer than the 2 s allowed; stops when the server hangs up.
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 500);
    try {
      const received = await closed;
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('headers sent one line at a time past the request timeout → 408, then the socket is closed', async () => {
    const socket = await open(port);
    const closed = untilClosed(socket);
    socket.write('GET /api/health/ HTTP/1.1\r\n');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 500);
    try {
      expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('a fourth connection from one address is closed at once; a freed slot can be used again', async () => {
    const held = await Promise.all([open(port), open(port), open(port)]);
    try {
      const fourth = await open(port);
      expect(await untilClosed(fourth)).toBe('');
    } catch (error) {
      for (const socket of held) socket.destroy();
      throw error;
    }
    held[0].destroy();
    // The server learns of the close asynchronously: try until the slot is free.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = await fetch(`http://127.0.0.1:${port}/api/health/`, { headers: { connection: 'close' } }).then(
        (res) => res.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    for (const socket of held) socket.destroy();
  });
});
