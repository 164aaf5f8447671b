import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIpResolver, ipRateLimitKey, normalizeIp, pickClientIp } from './client-ip.js';

describe('pickClientIp (rightmost-minus-N)', () => {
  const cases: Array<[string, string | undefined, string[], number, string | undefined]> = [
    ['no proxies: socket, header ignored', '10.0.0.9', ['1.2.3.4'], 0, '10.0.0.9'],
    ['one proxy: last XFF entry', '10.0.0.1', ['203.0.113.7'], 1, '203.0.113.7'],
    [
      'one proxy: client-typed entries on the left ignored',
      '10.0.0.1',
      ['6.6.6.6, 7.7.7.7, 203.0.113.7'],
      1,
      '203.0.113.7',
    ],
    ['two proxies', '10.0.0.1', ['6.6.6.6, 203.0.113.7, 10.0.0.2'], 2, '203.0.113.7'],
    [
      'several headers joined in order',
      '10.0.0.1',
      ['6.6.6.6', '203.0.113.7, 10.0.0.2'],
      2,
      '203.0.113.7',
    ],
    ['fewer hops than configured: leftmost', '10.0.0.1', ['203.0.113.7'], 3, '203.0.113.7'],
    ['proxy configured but no header: socket', '10.0.0.1', [], 1, '10.0.0.1'],
    ['garbage at the chosen position: socket', '10.0.0.1', ['1.1.1.1, not-an-ip'], 1, '10.0.0.1'],
    ['IPv6 in brackets with port', '10.0.0.1', ['[2001:db8::1]:443'], 1, '2001:db8::1'],
    ['IPv4 with port', '10.0.0.1', ['203.0.113.7:5555'], 1, '203.0.113.7'],
    ['IPv4-mapped socket address', '::ffff:192.0.2.5', [], 0, '192.0.2.5'],
    ['no socket at all', undefined, [], 0, undefined],
  ];
  it.each(cases)('%s', (_n, socket, xff, hops, expected) => {
    expect(pickClientIp(socket, xff, hops)).toBe(expected);
  });
});

describe('normalizeIp and ipRateLimitKey', () => {
  it.each([
    ['  192.0.2.1 ', '192.0.2.1'],
    ['FE80::1%eth0', 'fe80::1'],
    ['example.com', undefined],
    ['', undefined],
  ])('normalizeIp(%j) = %j', (raw, expected) => expect(normalizeIp(raw)).toBe(expected));

  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('ipRateLimitKey(%j) = %j', (ip, expected) => expect(ipRateLimitKey(ip)).toBe(expected));

  it('groups addresses of one /64 together', () => {
    expect(ipRateLimitKey('2001:db8:aa:bb:1::1')).toBe(
      ipRateLimitKey('2001:db8:aa:bb:ffff:ffff:ffff:ffff'),
    );
  });
});

describe('clientIpResolver on a Hono context', () => {
  it('reads X-Forwarded-For through the configured hops', async () => {
    const app = new Hono();
    const resolve = clientIpResolver(1, () => '10.0.0.1');
    app.get('/', (c) => c.text(resolve(c) ?? 'none'));
    const res = await app.request('/', { headers: { 'x-forwarded-for': '9.9.9.9, 198.51.100.4' } });
    expect(await res.text()).toBe('198.51.100.4');
  });

  it('falls back to undefined without a socket (app.request)', async () => {
    const app = new Hono();
    const resolve = clientIpResolver(0);
    app.get('/', (c) => c.text(resolve(c) ?? 'none'));
    expect(await (await app.request('/')).text()).toBe('none');
  });
});
