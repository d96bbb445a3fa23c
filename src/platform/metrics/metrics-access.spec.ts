import { metricsRefusal } from './metrics-access.js';

const TOKEN = 'a-metrics-token-of-some-length';

describe('who may scrape /metrics', () => {
  it('without METRICS_TOKEN: loopback clients only', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(metricsRefusal(undefined, ip, undefined)).toBeNull();
    for (const ip of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', '2001:db8::1'])
      expect(metricsRefusal(undefined, ip, undefined)).toMatch(/loopback clients only/);
  });

  it('with METRICS_TOKEN: the bearer token from anywhere, and nothing else (not even loopback)', () => {
    expect(metricsRefusal(TOKEN, '10.0.0.5', `Bearer ${TOKEN}`)).toBeNull();
    expect(metricsRefusal(TOKEN, '10.0.0.5', `bearer   ${TOKEN} `)).toBeNull();
    expect(metricsRefusal(TOKEN, '127.0.0.1', undefined)).toMatch(/Authorization: Bearer/);
    expect(metricsRefusal(TOKEN, '127.0.0.1', `Token ${TOKEN}`)).toMatch(/Authorization: Bearer/);
    expect(metricsRefusal(TOKEN, '127.0.0.1', 'Bearer wrong')).toBe('Wrong metrics token.');
    expect(metricsRefusal(TOKEN, '127.0.0.1', `Bearer ${TOKEN}x`)).toBe('Wrong metrics token.');
  });
});
