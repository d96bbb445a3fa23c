import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { END_GRACE_MS, NotificationStream } from './notification-stream.js';
import type { EventView, NotificationsRequest } from './notifications-request.js';

/** The part of a ServerResponse the stream uses; `unread` simulates bytes the client has not taken. */
class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  unread = 0;
  highWaterMark = 100;
  ended = false;
  destroyed = false;

  get writableLength(): number {
    return this.unread;
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.unread += chunk.length;
    return this.unread < this.highWaterMark;
  }

  /** The client reads everything. */
  drain(): void {
    this.unread = 0;
    this.emit('drain');
  }

  end(): void {
    this.ended = true;
    this.emit('close');
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }

  get text(): string {
    return this.chunks.join('');
  }
}

const request: NotificationsRequest = { channelIds: ['UC0000000000000000000001'], debug: false, since: null, fields: null };
const view: EventView = { origin: 'http://127.0.0.1', local: false };
const owner = { sessionId: 'v1:x', expiresAt: null };

function streamOf(response: FakeResponse, { replayFirst = false, maxBufferedBytes = 1000 } = {}) {
  return new NotificationStream(response as unknown as ServerResponse, request, owner, maxBufferedBytes, replayFirst, view);
}

describe('NotificationStream', () => {
  it('writes keep-alives and numbered one-line events in the wire format', () => {
    const response = new FakeResponse();
    const stream = streamOf(response);
    stream.keepAlive(1_700_000_000_900);
    stream.send('a', true, '{"videoId":"a"}');
    stream.send('b', false, '{"videoId":"b"}');
    expect(response.text).toBe(':keepalive 1700000000\n\nid: 0\ndata: {"videoId":"a"}\n\nid: 1\ndata: {"videoId":"b"}\n\n');
  });

  it('sends an event larger than the bound to a client that has nothing waiting', () => {
    const response = new FakeResponse();
    const stream = streamOf(response, { maxBufferedBytes: 100 });
    stream.send('big', true, 'x'.repeat(2000));
    response.drain();
    stream.send('next', true, 'y');
    expect(stream.isClosed).toBe(false);
    expect(response.chunks).toHaveLength(2);
  });

  it('holds live events until the replay is sent, then drops the new-video duplicates of replayed videos', async () => {
    const response = new FakeResponse();
    const stream = streamOf(response, { replayFirst: true });
    stream.send('r1', true, 'live-r1');
    stream.send('r2', false, 'live-update-r2');
    stream.send('n1', true, 'live-n1');
    await stream.sendReplayed('replay-r1');
    await stream.sendReplayed('replay-r2');
    stream.endReplay(new Set(['r1', 'r2']));
    stream.send('n2', true, 'live-n2');
    expect(response.text).toBe(['replay-r1', 'replay-r2', 'live-update-r2', 'live-n1', 'live-n2'].map((data, id) => `id: ${id}\ndata: ${data}\n\n`).join(''));
  });

  it('paces the replay by the client: the next replayed event waits for drain', async () => {
    const response = new FakeResponse();
    response.highWaterMark = 10;
    const stream = streamOf(response, { replayFirst: true });
    let sent = false;
    const first = stream.sendReplayed('0123456789').then(() => (sent = true));
    await new Promise((r) => setImmediate(r));
    expect(sent).toBe(false);
    response.drain();
    await first;
    expect(sent).toBe(true);
  });

  it('drops a client whose unread bytes exceed the bound (checked before each write), and frees its timers', () => {
    jest.useFakeTimers();
    try {
      const response = new FakeResponse();
      const stream = streamOf(response, { maxBufferedBytes: 50 });
      const ticks: number[] = [];
      stream.every(1000, () => ticks.push(1));
      const reasons: string[] = [];
      stream.onClose((reason) => reasons.push(reason));
      stream.send('a', true, 'x'.repeat(30));
      stream.send('b', true, 'x'.repeat(30));
      expect(response.destroyed).toBe(false);
      stream.send('c', true, 'x'.repeat(30));
      expect(response.destroyed).toBe(true);
      expect(stream.isClosed).toBe(true);
      expect(reasons).toEqual(['client not reading']);
      jest.advanceTimersByTime(5000);
      expect(ticks).toEqual([]);
      stream.send('d', true, 'more');
      expect(response.chunks).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops a client whose held events exceed the bound during a replay', () => {
    const response = new FakeResponse();
    const stream = streamOf(response, { replayFirst: true, maxBufferedBytes: 50 });
    stream.send('a', true, 'x'.repeat(40));
    expect(stream.isClosed).toBe(false);
    stream.send('b', true, 'x'.repeat(40));
    expect(response.destroyed).toBe(true);
  });

  it('disconnects a client that has not read the rest of an ended stream within the grace period', () => {
    jest.useFakeTimers();
    try {
      const response = new FakeResponse();
      response.end = () => void (response.ended = true); // the client does not read: no 'close'
      streamOf(response).end('server shutting down');
      jest.advanceTimersByTime(END_GRACE_MS - 1);
      expect(response.destroyed).toBe(false);
      jest.advanceTimersByTime(1);
      expect(response.destroyed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('ends normally, and closes when the client goes away', () => {
    const ended = new FakeResponse();
    const stream = streamOf(ended);
    const reasons: string[] = [];
    stream.onClose((reason) => reasons.push(reason));
    stream.end('credential revoked');
    expect([ended.ended, stream.isClosed, reasons]).toEqual([true, true, ['credential revoked']]);

    const gone = new FakeResponse();
    const other = streamOf(gone);
    const otherReasons: string[] = [];
    other.onClose((reason) => otherReasons.push(reason));
    gone.emit('close');
    expect([otherReasons, other.isClosed]).toEqual([['client disconnected'], true]);
  });
});
