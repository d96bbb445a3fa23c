import type { ServerResponse } from 'node:http';
import type { EventView, NotificationsRequest } from './notifications-request.js';

/** docs/dialects/invidious.md#notifications: the stream's headers, written by hand (a hijacked reply skips Fastify's hooks). */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Location',
} as const;

/** After the stream is ended, how long a client may take to read the rest before it is disconnected. */
export const END_GRACE_MS = 5000;

/** An event waiting for the replay to finish. */
interface HeldEvent {
  videoId: string;
  /** A new-video event for a video the replay already sent is a duplicate. */
  newVideo: boolean;
  data: string;
}

/** Why a stream ended, for the log. */
export type StreamEnd = 'client disconnected' | 'credential revoked' | 'server shutting down' | 'client not reading' | 'replay failed' | 'event source lost';

/** Whose credential opened the stream, re-checked at every keep-alive. */
export interface StreamOwner {
  sessionId: string;
  /** epoch ms, or null when the credential never expires */
  expiresAt: number | null;
}

/**
 * One client's event stream on a hijacked response: the wire format (`id: <n>\ndata: <json>\n\n`,
 * `:keepalive <unix>\n\n`), the replay gate (live events are held until the replay is sent, so the
 * whole replay comes first), the bound on what may wait in memory for a slow client, and the timers
 * that live exactly as long as the connection.
 */
export class NotificationStream {
  private nextId = 0;
  private held: HeldEvent[] | null;
  private heldBytes = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly closeListeners: ((reason: StreamEnd) => void)[] = [];
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    readonly request: NotificationsRequest,
    readonly owner: StreamOwner,
    /** Bytes that may wait unsent (in the response and the socket) before the client is dropped. */
    private readonly maxBufferedBytes: number,
    replayFirst: boolean,
    /** With `request.fields`, what the stream's events are built from: streams alike share one payload. */
    readonly view: EventView,
  ) {
    this.held = replayFirst ? [] : null;
    response.once('close', () => this.release('client disconnected'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `tick` every `ms` until the stream closes. */
  every(ms: number, tick: () => void): void {
    if (!this.closed) this.timers.push(setInterval(tick, ms));
  }

  /** Events sent so far (the next event's id). */
  get eventCount(): number {
    return this.nextId;
  }

  onClose(listener: (reason: StreamEnd) => void): void {
    if (!this.closed) this.closeListeners.push(listener);
  }

  keepAlive(now = Date.now()): void {
    this.write(`:keepalive ${Math.floor(now / 1000)}\n\n`);
  }

  /** A live event (a catalog event or a debug video): sent now, or held while the replay runs. */
  send(videoId: string, newVideo: boolean, data: string): void {
    if (this.closed) return;
    if (this.held === null) {
      this.writeEvent(data);
      return;
    }
    this.held.push({ videoId, newVideo, data });
    this.heldBytes += data.length;
    if (this.heldBytes > this.maxBufferedBytes) this.drop('client not reading');
  }

  /** One replayed event; waits for `drain` when the client is behind, so the replay goes at the client's pace. */
  async sendReplayed(data: string): Promise<void> {
    if (this.closed) return;
    if (this.writeEvent(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  /** The replay is sent: held events follow, except new-video events for videos it already contained. */
  endReplay(replayedVideoIds: ReadonlySet<string>): void {
    const held = this.held ?? [];
    this.held = null;
    this.heldBytes = 0;
    for (const event of held) {
      if (!(event.newVideo && replayedVideoIds.has(event.videoId))) this.writeEvent(event.data);
    }
  }

  /** Ends the response; the client sees the stream end (an EventSource then reconnects). */
  end(reason: StreamEnd): void {
    if (this.closed) return;
    this.release(reason);
    this.response.end();
    // A client that stopped reading would otherwise keep the connection, and what waits for it, forever.
    const disconnect = setTimeout(() => this.response.destroy(), END_GRACE_MS).unref();
    this.response.once('close', () => clearTimeout(disconnect));
  }

  /** Destroys the connection: for a client that does not read, or one already gone. */
  drop(reason: StreamEnd): void {
    if (this.closed) return;
    this.release(reason);
    this.response.destroy();
  }

  /** False when the client is behind, so the caller may wait for `drain`. */
  private writeEvent(data: string): boolean {
    return this.write(`id: ${this.nextId++}\ndata: ${data}\n\n`);
  }

  /**
   * Checked before writing, so one large event never drops a client that reads: what may pile up is
   * the bound plus one event.
   */
  private write(chunk: string): boolean {
    if (this.closed) return true;
    if (this.response.writableLength > this.maxBufferedBytes) {
      this.drop('client not reading');
      return true;
    }
    return this.response.write(chunk);
  }

  /** Frees what the connection holds, once: its timers, held events, and its place in the routing. */
  private release(reason: StreamEnd): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.held = null;
    for (const listener of this.closeListeners.splice(0)) listener(reason);
  }
}
