import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { waitFor } from './wait-for.js';

export type Frame = { kind: 'keepalive'; unix: number; at: number } | { kind: 'event'; id: number; data: Record<string, unknown>; at: number };

/**
 * An EventSource client on a real socket. Every block must be exactly a keep-alive comment or
 * `id: <n>\ndata: <one-line JSON>`; anything else fails the test.
 */
export class StreamClient {
  readonly frames: Frame[] = [];
  ended = false;
  private buffer = '';

  private constructor(
    private readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
        this.frames.push(parseBlock(this.buffer.slice(0, end)));
        this.buffer = this.buffer.slice(end + 2);
      }
    });
    response.on('close', () => (this.ended = true));
  }

  /** Resolves with the response headers (as Materialious does); the body keeps flowing into `frames`. */
  static open(base: string, path: string, token: string, options: { method?: 'GET' | 'POST' | 'HEAD'; form?: string } = {}): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const request = httpRequest(`${base}${path}`, { method: options.method ?? 'GET', headers, agent: false }, (response) =>
        resolve(new StreamClient(request, response)),
      );
      request.on('error', reject);
      request.end(options.form);
    });
  }

  get status(): number {
    return this.response.statusCode!;
  }

  get headers(): IncomingHttpHeaders {
    return this.response.headers;
  }

  get events(): Extract<Frame, { kind: 'event' }>[] {
    return this.frames.filter((f): f is Extract<Frame, { kind: 'event' }> => f.kind === 'event');
  }

  get keepAlives(): Extract<Frame, { kind: 'keepalive' }>[] {
    return this.frames.filter((f): f is Extract<Frame, { kind: 'keepalive' }> => f.kind === 'keepalive');
  }

  eventsOf(videoId: string) {
    return this.events.filter((e) => e.data.videoId === videoId);
  }

  /** The whole body of a response that is not a stream. */
  async text(): Promise<string> {
    await waitFor('the response to end', () => this.ended);
    return this.buffer;
  }

  close(): void {
    this.request.destroy();
  }
}

function parseBlock(block: string): Frame {
  const keepalive = /^:keepalive (\d+)$/.exec(block);
  if (keepalive) return { kind: 'keepalive', unix: Number(keepalive[1]), at: Date.now() };
  const event = /^id: (\d+)\ndata: ([^\n]*)$/.exec(block);
  if (!event) throw new Error(`not a keep-alive or an event: ${JSON.stringify(block)}`);
  return { kind: 'event', id: Number(event[1]), data: JSON.parse(event[2]), at: Date.now() };
}
