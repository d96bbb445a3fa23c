import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvidiousUpstream } from './invidious-upstream.js';
import { UpstreamHttp } from './upstream-http.js';
import { UpstreamMalformedError, UpstreamRejectedError, UpstreamUnavailableError } from './upstream.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('UpstreamHttp (against a loopback server)', () => {
  let server: Server;
  let base: string;
  let handlers: Handler[];
  let requests: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      (handlers.shift() ?? ((_q, s) => s.writeHead(200).end('ok')))(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    handlers = [];
    requests = 0;
  });

  const status =
    (code: number, headers: Record<string, string> = {}): Handler =>
    (_req, res) =>
      res.writeHead(code, headers).end('x');
  const fast = () => new UpstreamHttp(base, { backoffMs: 10, timeoutMs: 300 });

  it('retries 500 and 429 with backoff, then returns the body', async () => {
    handlers = [status(500), status(429, { 'retry-after': '0' }), (_q, s) => s.writeHead(200).end('{"a":1}')];
    await expect(fast().getText('/x', 'application/json')).resolves.toEqual({ found: true, value: '{"a":1}' });
    expect(requests).toBe(3);
  });

  it('gives up after its attempts with the last reason', async () => {
    handlers = [status(503), status(502), status(500), status(200)];
    await expect(fast().getText('/x', '*/*')).rejects.toThrow(UpstreamUnavailableError);
    expect(requests).toBe(3);
  });

  it('reads 404 and 410 as not found, without retrying', async () => {
    handlers = [status(404)];
    await expect(fast().getText('/x', '*/*')).resolves.toEqual({ found: false });
    handlers = [status(410)];
    await expect(fast().getText('/x', '*/*')).resolves.toEqual({ found: false });
    expect(requests).toBe(2);
  });

  it('fails at once on another 4xx', async () => {
    handlers = [status(403)];
    await expect(fast().getText('/x', '*/*')).rejects.toThrow(UpstreamRejectedError);
    expect(requests).toBe(1);
  });

  it('times out a silent upstream and retries', async () => {
    handlers = [() => undefined, () => undefined, (_q, s) => s.writeHead(200).end('late but fine')];
    await expect(new UpstreamHttp(base, { backoffMs: 10, timeoutMs: 200 }).getText('/x', '*/*')).resolves.toEqual({ found: true, value: 'late but fine' });
    expect(requests).toBe(3);
  });

  it('refuses a body over the limit as malformed', async () => {
    handlers = [(_q, s) => s.writeHead(200).end('x'.repeat(2000))];
    await expect(new UpstreamHttp(base, { maxBodyBytes: 1000 }).getText('/x', '*/*')).rejects.toThrow(/body larger than 1000 bytes/);
  });

  it('keeps the base URL path prefix', () => {
    expect(new UpstreamHttp('https://h.example/inv/').url('/api/v1/videos/x')).toBe('https://h.example/inv/api/v1/videos/x');
  });

  it('turns a non-JSON answer into a malformed-upstream error naming the request', async () => {
    handlers = [(_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html>busy</html>')];
    const upstream = new InvidiousUpstream(base, { backoffMs: 10 });
    const error = await upstream.getVideo('dQw4w9WgXcQ').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamMalformedError);
    expect((error as Error).message).toMatch(/^malformed upstream response to GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/videos\/dQw4w9WgXcQ: body is not JSON/);
  });
});
