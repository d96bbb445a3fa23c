import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestWorld } from './support/test-app.js';

/**
 * Which `X-Forwarded-For` entry is the client: with TRUST_PROXY as a hop count or a list of proxy
 * addresses, only what the trusted proxies appended counts, so a client cannot prepend `127.0.0.1`
 * to reach loopback-only /metrics or rotate fake addresses past the per-address login limit.
 */
describe('TRUST_PROXY', () => {
  let world: TestWorld;
  /** One proxy in front (at 10.0.0.5), configured by hop count and by address range. */
  let apps: Record<'hops' | 'cidr' | 'all', NestFastifyApplication>;

  beforeAll(async () => {
    world = await TestWorld.create();
    apps = {
      hops: await world.startApp({ ROLE: 'api', TRUST_PROXY: '1' }),
      cidr: await world.startApp({ ROLE: 'api', TRUST_PROXY: '10.0.0.0/8' }),
      all: await world.startApp({ ROLE: 'api', TRUST_PROXY: 'true' }),
    };
  });
  afterAll(() => world.close());

  // The client sent `X-Forwarded-For: 127.0.0.1`; the proxy appended the address it saw, 9.9.9.9.
  const forged = { 'x-forwarded-for': '127.0.0.1, 9.9.9.9' };

  it.each(['hops', 'cidr'] as const)('%s: a forged leading 127.0.0.1 does not open /metrics', async (kind) => {
    const res = await apps[kind].inject({ method: 'GET', url: '/metrics', headers: forged, remoteAddress: '10.0.0.5' });
    expect(res.statusCode).toBe(403);
    // A loopback client the proxy vouches for still scrapes.
    const local = await apps[kind].inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '127.0.0.1' }, remoteAddress: '10.0.0.5' });
    expect(local.statusCode).toBe(200);
  });

  it('cidr: a client outside the trusted range is its own address, whatever it forwards', async () => {
    const res = await apps.cidr.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '127.0.0.1' }, remoteAddress: '203.0.113.9' });
    expect(res.statusCode).toBe(403);
  });

  it.each(['hops', 'cidr'] as const)('%s: rotating forged addresses does not dodge the per-address login limit', async (kind) => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // A new username each time, so only the per-address count can refuse.
      const res = await apps[kind].inject({
        method: 'POST',
        url: '/api/login/',
        payload: { username: `${kind}-guess-${i}`, password: 'wrong' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, 9.9.8.${kind === 'hops' ? 1 : 2}` },
        remoteAddress: '10.0.0.5',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
  });

  it('true still trusts every hop, as documented: the leftmost forwarded address is the client', async () => {
    const res = await apps.all.inject({ method: 'GET', url: '/metrics', headers: forged, remoteAddress: '10.0.0.5' });
    expect(res.statusCode).toBe(200);
  });
});
