import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemResponse } from '../../runtime/problem.js';
import { securityHeaders } from './security-headers.js';

function build(production: boolean) {
  const app = new Hono();
  app.use(securityHeaders({ production }));
  app.get('/json', (c) => c.json({ ok: true }));
  app.get('/problem', () =>
    problemResponse({ type: 'about:blank', title: 'Gone', status: 410 }, { 'x-powered-by': 'x' }),
  );
  app.get('/page', (c) => {
    c.header('content-security-policy', "default-src 'self'");
    return c.html('<p>docs</p>');
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.onError(() => problemResponse({ type: 'about:blank', title: 'Internal', status: 500 }));
  return app;
}

const always = {
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

describe('securityHeaders', () => {
  it.each(['/json', '/problem', '/boom', '/missing'])(
    '%s carries the API headers, and no HSTS outside production',
    async (path) => {
      const res = await build(false).request(path);
      for (const [name, value] of Object.entries(always)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('sends HSTS in production', async () => {
    const res = await build(true).request('/problem');
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains',
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps a CSP a route chose for itself (the docs page)', async () => {
    const res = await build(true).request('/page');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
