/**
 * Security headers for a JSON API, on every response (problem+json, 429s and 413s
 * included). The API serves no HTML of its own, so the CSP forbids everything: a JSON
 * body a browser is tricked into rendering can run nothing, load nothing and sit in no
 * frame. Routes that do serve a page (the docs) set their own CSP, which is kept.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** HSTS only in production: on a developer's http://localhost it would pin https. */
  production: boolean;
}

export function securityHeaders({ production }: SecurityHeadersOptions): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    // Two years, the preload-list minimum; only sent by production (behind TLS).
    strictTransportSecurity: production ? 'max-age=63072000; includeSubDomains' : false,
    // Cross-origin readers go through CORS; no-cors embedding (<script src>, <img>) is refused.
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    // Header-driven legacy features an API has no use for.
    xDnsPrefetchControl: 'off',
    xXssProtection: '0',
    removePoweredBy: true,
    // A header a route set on purpose (the docs page's CSP) wins over the API default.
    overwrite: false,
  });
}

/**
 * The same headers as a plain map, for answers written below Hono (Node's client-error
 * responses in app/http/node-server.ts): read off the middleware itself, so the values
 * are never restated.
 */
export async function securityHeaderValues(
  options: SecurityHeadersOptions,
): Promise<Record<string, string>> {
  const app = new Hono();
  app.use(securityHeaders(options));
  app.get('/', (c) => c.body(null, 204));
  const res = await app.request('/');
  const values: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    values[name] = value;
  });
  return values;
}
