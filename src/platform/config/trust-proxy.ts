import { isIP } from 'node:net';
import { ValidateBy } from 'class-validator';

/**
 * Which proxies' `X-Forwarded-*` headers are believed (Fastify's `trustProxy`): none (`false`),
 * every hop (`true`, so any client can claim any address by sending the header itself), the last
 * N hops (a number: the proxies in front of tubevault, each appending the address it saw), or the
 * proxies at the listed addresses and ranges.
 */
export type TrustProxy = boolean | number | readonly string[];

export const MAX_PROXY_HOPS = 16;

/** Named ranges proxy-addr (Fastify's resolver) understands. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, an address/prefix (CIDR) or one of the named ranges. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The environment's text as a TrustProxy: `true`/`yes`/`on`, `false`/`no`/`off`/empty, a whole
 * number of hops (0 trusts none), or comma-separated addresses and ranges. Anything else is
 * returned as given, for the validator to name.
 */
export function parseTrustProxy(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(text)) return true;
  if (['false', 'no', 'off', ''].includes(text)) return false;
  if (/^\d+$/.test(text)) return Number(text) === 0 ? false : Number(text);
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length > 0 && entries.every(isProxyAddress) ? entries : value;
}

export const TRUST_PROXY_FORMS =
  `true or false, a number of proxy hops 0-${MAX_PROXY_HOPS} (e.g. 1 behind one reverse proxy), or comma-separated proxy IPs/CIDRs ` +
  '(e.g. 10.0.0.0/8,192.168.1.5; also loopback, linklocal, uniquelocal); true trusts every hop, so any client can forge its address';

export const IsTrustProxy = () =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PROXY_HOPS) ||
        (Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && isProxyAddress(entry))),
      defaultMessage: () => TRUST_PROXY_FORMS,
    },
  });
