import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal reverse proxy on a free loopback port, standing in for docker/Caddyfile: each request
 * goes to the next upstream in turn, with the X-Forwarded-* headers a real proxy adds. Bodies and
 * answers (event streams included) are piped through unbuffered.
 */
export class RoundRobinProxy {
  /** Requests sent to each upstream, in the order of `ports`. */
  readonly hits: number[];
  private next = 0;
  private readonly server: Server;

  private constructor(private readonly ports: number[]) {
    this.hits = ports.map(() => 0);
    this.server = createServer((req, res) => this.pass(req, res));
  }

  static async start(ports: number[]): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy(ports);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pass(req: IncomingMessage, res: ServerResponse): void {
    const index = this.next++ % this.ports.length;
    this.hits[index]++;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = forward(
      {
        host: '127.0.0.1',
        port: this.ports[index],
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'http', 'x-forwarded-host': req.headers.host ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(upstream);
  }
}
