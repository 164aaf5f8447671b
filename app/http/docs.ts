/**
 * The API docs page: Swagger UI served from the installed `swagger-ui-dist` package, so
 * the page renders offline and behind firewalls (its default CDN set-up renders blank
 * there). It reads the spec the server already publishes (`/openapi.json`).
 *
 *   app.route('/', docsRoutes());   // GET /docs, GET /docs/<asset>
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';

export interface DocsOptions {
  /** Where the page is served; its assets live under it. Default `/docs`. */
  path?: string;
  /** URL of the OpenAPI document the page renders. Default `/openapi.json`. */
  specUrl?: string;
  /** The page title. */
  title?: string;
}

/** The package files the page loads, and their content types: nothing else is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/** Our initializer, served as a file (not inline) so a strict CSP needs no 'unsafe-inline' script. */
const INIT_SCRIPT = 'init.js';

/**
 * Swagger UI sets `style` attributes and draws icons from data: URIs; scripts, the spec
 * and "try it out" stay on this origin.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** The page: only same-origin asset URLs under `base`. */
export function docsHtml(base: string, title: string): string {
  const a = (file: string) => escapeHtml(`${base}/${file}`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="${a('swagger-ui.css')}">
    <link rel="icon" type="image/png" sizes="32x32" href="${a('favicon-32x32.png')}">
    <link rel="icon" type="image/png" sizes="16x16" href="${a('favicon-16x16.png')}">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${a('swagger-ui-bundle.js')}"></script>
    <script src="${a(INIT_SCRIPT)}"></script>
  </body>
</html>
`;
}

/** Starts Swagger UI on the spec. `validatorUrl: null`: its default badge calls a public server. */
export function initScript(specUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(specUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}

export function docsRoutes(options: DocsOptions = {}): Hono {
  const base = (options.path ?? '/docs').replace(/\/+$/, '');
  const html = docsHtml(base, options.title ?? 'API documentation');
  const init = initScript(options.specUrl ?? '/openapi.json');
  const dir = packageDir();
  // Read once on first use and kept: the bundle is ~1.7 MB and never changes at run time.
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string) => {
    let body = cache.get(file);
    if (!body) {
      body = readFile(path.join(dir, file));
      body.catch(() => cache.delete(file));
      cache.set(file, body);
    }
    return body;
  };

  const app = new Hono();
  app.get(base, (c) => {
    c.header('content-security-policy', CSP);
    c.header('cache-control', 'no-cache');
    return c.html(html);
  });
  app.get(`${base}/`, (c) => c.redirect(base, 301));
  app.get(`${base}/${INIT_SCRIPT}`, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(init);
  });
  app.get(`${base}/:file`, async (c, next) => {
    const file = c.req.param('file');
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return next();
    const body = await load(file);
    c.header('content-type', type);
    c.header('cache-control', 'public, max-age=86400');
    return c.body(new Uint8Array(body));
  });
  return app;
}
