import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { isLoopback, metricsEndpoint, tokenMatches } from './metrics-endpoint.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

function build(env: 'production' | 'development' | 'test', token?: string, ip?: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'under-test' });
  const app = new Hono();
  app.get('/metrics', metricsEndpoint({ registry, env, token, clientIp: () => ip }));
  return app;
}

describe('GET /metrics access', () => {
  it.each([
    // [env, configured token, client ip, request headers, status]
    ['development', undefined, undefined, {}, 200],
    ['development', undefined, '203.0.113.9', {}, 200],
    // A configured token is required from every caller, in every environment.
    ['test', TOKEN, '203.0.113.9', {}, 401],
    ['development', TOKEN, '127.0.0.1', {}, 401],
    ['development', TOKEN, '127.0.0.1', { authorization: `Bearer ${TOKEN}` }, 200],
    ['production', TOKEN, '203.0.113.9', { authorization: `Bearer ${TOKEN}` }, 200],
    ['production', TOKEN, '203.0.113.9', { authorization: `bearer ${TOKEN}` }, 200],
    ['production', TOKEN, '203.0.113.9', {}, 401],
    ['production', TOKEN, '203.0.113.9', { authorization: `Bearer ${TOKEN}x` }, 401],
    ['production', TOKEN, '203.0.113.9', { authorization: `Basic ${TOKEN}` }, 401],
    ['production', TOKEN, '127.0.0.1', { authorization: 'Bearer wrong' }, 401],
    ['production', undefined, '203.0.113.9', { authorization: `Bearer ${TOKEN}` }, 403],
    ['production', undefined, '203.0.113.9', {}, 403],
    ['production', undefined, '127.0.0.1', {}, 200],
    ['production', undefined, '::1', {}, 200],
    // Loopback too: a reverse proxy on the same host would otherwise expose the metrics.
    ['production', TOKEN, '127.0.0.1', {}, 401],
    ['production', TOKEN, '::1', {}, 401],
    ['production', TOKEN, '127.0.0.1', { authorization: `Bearer ${TOKEN}` }, 200],
    // Through a proxy on the same host, "loopback" is the proxy, not the caller.
    ['production', undefined, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }, 403],
    ['production', TOKEN, '127.0.0.1', { forwarded: 'for=198.51.100.7' }, 401],
    ['production', undefined, undefined, {}, 403],
  ] as const)('%s, token %s, from %s, %j → %i', async (env, token, ip, headers, status) => {
    const res = await build(env, token, ip).request('/metrics', { headers });
    expect(res.status).toBe(status);
    const body = await res.text();
    if (status === 200) {
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    } else {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(body).status).toBe(status);
      if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
  });
});

describe('helpers', () => {
  it.each([
    ['same', 'same', true],
    ['same', 'Same', false],
    ['short', 'a much longer expected token', false],
    ['', 'x', false],
  ])('tokenMatches(%j, %j) → %s', (presented, expected, result) => {
    expect(tokenMatches(presented, expected)).toBe(result);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.3', true],
    ['::1', true],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['::2', false],
    [undefined, false],
  ])('isLoopback(%s) → %s', (ip, result) => {
    expect(isLoopback(ip)).toBe(result);
  });
});
