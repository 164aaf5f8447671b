import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { docsHtml, docsRoutes, initScript } from './docs.js';

/** Every src/href in the page. */
const references = (html: string) =>
  [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

const expectedType = (url: string) =>
  url.endsWith('.css')
    ? 'text/css'
    : url.endsWith('.js')
      ? 'text/javascript'
      : url.endsWith('.png')
        ? 'image/png'
        : 'unexpected';

describe('docsRoutes', () => {
  const app = new Hono();
  app.route('/', docsRoutes({ title: 'Docs <&> "test"' }));

  it('serves an HTML page that references only same-origin assets under /docs', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<div id="swagger-ui"></div>');
    expect(html).toContain('<title>Docs &lt;&amp;&gt; &quot;test&quot;</title>');
    // No CDN or any other host: no scheme and no protocol-relative URL anywhere.
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    const refs = references(html);
    expect(refs.length).toBe(5);
    for (const ref of refs) expect(ref).toMatch(/^\/docs\/[\w.-]+$/);
  });

  it('serves every referenced asset with 200 and its content type', async () => {
    const html = await (await app.request('/docs')).text();
    for (const ref of references(html)) {
      const res = await app.request(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toMatch(new RegExp(`^${expectedType(ref)}`));
      const body = new Uint8Array(await res.arrayBuffer());
      expect(body.byteLength, ref).toBeGreaterThan(100);
    }
    const bundle = await (await app.request('/docs/swagger-ui-bundle.js')).text();
    expect(bundle).toContain('SwaggerUIBundle');
    expect(bundle.length).toBeGreaterThan(500_000);
    const png = new Uint8Array(await (await app.request('/docs/favicon-32x32.png')).arrayBuffer());
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  });

  it('redirects /docs/ to /docs', async () => {
    const res = await app.request('/docs/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/docs');
  });

  it('points Swagger UI at the spec URL, with the public validator badge off', async () => {
    const res = await app.request('/docs/init.js');
    expect(res.status).toBe(200);
    const js = await res.text();
    expect(js).toContain('url: "/openapi.json"');
    expect(js).toContain('validatorUrl: null');
    expect(initScript('/v2/openapi.json')).toContain('url: "/v2/openapi.json"');
  });

  it.each([
    '/docs/package.json',
    '/docs/index.html',
    '/docs/swagger-ui-bundle.js.map',
    '/docs/..%2Fpackage.json',
    '/docs/%2e%2e%2fLICENSE',
  ])('does not serve other package files: %s → 404', async (url) => {
    expect((await app.request(url)).status).toBe(404);
  });

  it('mounts under another path, assets included', async () => {
    const other = new Hono();
    other.route('/', docsRoutes({ path: '/api-docs/', specUrl: '/spec.json' }));
    const html = await (await other.request('/api-docs')).text();
    expect(references(html).every((r) => r.startsWith('/api-docs/'))).toBe(true);
    expect((await other.request('/api-docs/swagger-ui.css')).status).toBe(200);
    expect(await (await other.request('/api-docs/init.js')).text()).toContain('"/spec.json"');
    expect(docsHtml('/x', 't')).toContain('src="/x/swagger-ui-bundle.js"');
  });
});
