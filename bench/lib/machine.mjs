// What the run ran on: cores, CPU, memory, load, Node, Postgres, Redis, autocannon.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';

const require = createRequire(import.meta.url);

export async function machineInfo(config, databaseUrl, limits) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres;
  let settings;
  try {
    postgres = (await client.query('SELECT version()')).rows[0].version;
    const { rows } = await client.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_connections', 'effective_cache_size', 'random_page_cost') ORDER BY name`,
    );
    settings = rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`).join(', ');
  } finally {
    await client.end();
  }
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisVersion = '?';
  try {
    await redis.connect();
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  } finally {
    redis.disconnect();
  }
  let osName = release();
  try {
    osName = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // not Linux
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: totalmem() / 2 ** 30,
    loadavg: loadavg(),
    os: osName,
    node: process.version,
    postgres,
    postgresSettings: settings,
    redis: redisVersion,
    autocannon: require('autocannon/package.json').version,
    fdLimits: limits,
  };
}
