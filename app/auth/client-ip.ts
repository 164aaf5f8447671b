/**
 * The client IP for rate limiting and audit (POL-A-007).
 *
 * X-Forwarded-For is attacker-controlled except for the entries our own proxies
 * appended. With N trusted proxies in front of us, the chain is
 * `[...XFF entries, socket peer]` and the client is the entry N places left of the
 * socket peer (rightmost-minus-N). Anything further left is whatever the client typed,
 * so rotating it changes nothing.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** Strips ports, brackets, zone ids and IPv4-mapped prefixes; undefined when not an IP. */
export function normalizeIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1]!;
  return isIP(s) ? s.toLowerCase() : undefined;
}

/** Pure rightmost-minus-N selection; `forwardedFor` is every X-Forwarded-For header value. */
export function pickClientIp(
  socketIp: string | undefined,
  forwardedFor: readonly string[],
  trustedProxies: number,
): string | undefined {
  const peer = normalizeIp(socketIp);
  if (trustedProxies <= 0) return peer;
  const chain = forwardedFor
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  // Fewer hops than configured: the leftmost entry is the furthest one a trusted proxy saw.
  const index = Math.max(0, chain.length - trustedProxies);
  if (chain.length === 0) return peer;
  return normalizeIp(chain[index]) ?? peer;
}

/**
 * Rate-limit key for an IP: IPv6 clients usually own a whole /64, so counting single
 * addresses would let one client rotate through 2^64 of them.
 */
export function ipRateLimitKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests and non-Node adapters have no socket.
    return undefined;
  }
}

/** The `clientIp` function createApi and the rate limiter take. */
export function clientIpResolver(
  trustedProxies: number,
  socket: (c: Context) => string | undefined = socketAddress,
) {
  return (c: Context): string | undefined => {
    const header = c.req.raw.headers.get('x-forwarded-for');
    return pickClientIp(socket(c), header ? [header] : [], trustedProxies);
  };
}
