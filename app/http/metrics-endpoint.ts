/**
 * `GET /metrics` for Prometheus. Deliberately NOT in openapi/api-spec.yaml and not in the
 * generated route table: it is operational plumbing (like the docs), not API contract,
 * and clients generated from the spec must never see it. Access (POL-O-002):
 * - `METRICS_TOKEN` set: `Authorization: Bearer $METRICS_TOKEN` from every caller, in
 *   every environment, loopback included (a reverse proxy on the same host makes every
 *   outside request look local).
 * - no token, production: direct loopback connections only (a node-local scraper).
 * - no token, development and tests: open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, Handler } from 'hono';
import type { Registry } from 'prom-client';
import { exposition } from './metrics.js';
import { problem, problemResponse } from '../../runtime/problem.js';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  registry: Registry;
  env: 'development' | 'test' | 'production';
  token: string | undefined;
  /** The caller's address as the app resolves it (socket, or trusted proxy header). */
  clientIp: (c: Context) => string | undefined;
}

/** Hashing first gives equal lengths, so the comparison time says nothing about the token. */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  if (isIP(ip) === 4) return ip.startsWith('127.');
  return ip === '::1';
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Whether this scrape may read the metrics. A configured token is required from everyone.
 * Without one, production falls back to loopback only, and a request that came through a
 * proxy (X-Forwarded-For / Forwarded present) never counts as loopback.
 */
export function metricsAccess(
  c: Context,
  options: Omit<MetricsEndpointOptions, 'registry'>,
): 'allowed' | 'unauthenticated' | 'forbidden' {
  if (options.token) {
    const presented = bearer(c.req.header('authorization'));
    return presented !== undefined && tokenMatches(presented, options.token)
      ? 'allowed'
      : 'unauthenticated';
  }
  if (options.env !== 'production') return 'allowed';
  const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded');
  return !proxied && isLoopback(options.clientIp(c)) ? 'allowed' : 'forbidden';
}

export function metricsEndpoint(options: MetricsEndpointOptions): Handler {
  return async (c) => {
    const access = metricsAccess(c, options);
    if (access === 'unauthenticated') {
      return problemResponse(
        problem('unauthenticated', 'Metrics need the bearer token configured in METRICS_TOKEN.'),
        { 'www-authenticate': 'Bearer realm="metrics"' },
      );
    }
    if (access === 'forbidden') {
      return problemResponse(
        problem(
          'forbidden',
          'Metrics are served to loopback only; set METRICS_TOKEN to scrape remotely.',
        ),
      );
    }
    const { body, contentType } = await exposition(options.registry, c.req.header('accept'));
    return c.body(body, 200, {
      'content-type': contentType,
      'cache-control': 'no-store',
      vary: 'Accept',
    });
  };
}
