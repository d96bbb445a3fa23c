// Notifications: N open streams on one channel, then a `video.created` catalog event published on
// tubevault's Redis channel (what a worker does after committing a new video), timed until the last
// client has it. Clients live in their own process (bench/lib/sse-clients.mjs).
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Child } from './processes.mjs';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `wanted` streams are opened (fewer if the fd limit is lower: `limit` says how many the smaller of
 * the two processes' limits allows). Each event is published `events` times, one second apart.
 */
export async function notificationsScenario({ server, port, redisUrl, redisPrefix, jwt, channelId, videoId, wanted, limit, events, log }) {
  const count = Math.min(wanted, limit);
  const clients = new Child('sse-clients', ['bench/lib/sse-clients.mjs'], {}, { ipc: true });
  const publisher = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await publisher.connect();
  try {
    await sleep(200);
    const rssBefore = server.rss();
    const opened = await clients.ask(
      {
        type: 'open',
        port,
        path: `/api/v1/auth/notifications?topics=${channelId}`,
        headers: { authorization: `Bearer ${jwt}` },
        count,
        concurrency: 100,
      },
      'opened',
    );
    log(
      `  notifications: ${opened.opened} streams open in ${(opened.ms / 1000).toFixed(1)} s${opened.failed ? `, ${opened.failed} failed (${opened.firstError})` : ''}`,
    );
    await sleep(1000);
    const rssAfter = server.rss();
    const channel = `${redisPrefix}:catalog:events`;
    const deliveries = [];
    for (let i = 0; i < events; i++) {
      await clients.ask({ type: 'expect' }, 'armed');
      const publishedAt = now();
      const receivers = await publisher.publish(channel, JSON.stringify({ type: 'video.created', videoId, channelId, at: Date.now() }));
      // Wait until every open client has it, or 5 s.
      let report;
      const deadline = Date.now() + 5000;
      do {
        await sleep(50);
        report = await clients.ask({ type: 'report' }, 'report');
      } while (report.received < opened.opened && Date.now() < deadline);
      const latencies = report.times.map((t) => t - publishedAt).sort((a, b) => a - b);
      deliveries.push({
        receivers,
        received: report.received,
        first: latencies[0],
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        last: latencies[latencies.length - 1],
      });
      log(`  notifications: event ${i + 1}: ${report.received}/${opened.opened} clients, last after ${latencies[latencies.length - 1]?.toFixed(1)} ms`);
      await sleep(1000);
    }
    return {
      streams: opened.opened,
      wanted,
      failed: opened.failed,
      firstError: opened.firstError,
      openSeconds: opened.ms / 1000,
      rssBefore,
      rssAfter,
      bytesPerStream: opened.opened ? (rssAfter - rssBefore) / opened.opened : NaN,
      deliveries,
    };
  } finally {
    publisher.disconnect();
    if (clients.running) {
      clients.process.send({ type: 'close' });
      await Promise.race([clients.exited, sleep(5000)]);
      await clients.stop('SIGKILL');
    }
  }
}
