/**
 * The API docs page: Swagger UI served from the installed `swagger-ui-dist` package, so
 * the page renders offline and behind firewalls (its default CDN set-up renders blank
 * there). It reads the spec the server already publishes (`/openapi.json`).
 *
 *   app.route('/', docsRoutes());   // GET /docs, GET /docs/<asset>
 */
import type { Hono } from 'hono';
import { assetPageRoutes, CSS, INIT_SCRIPT, JS, pageCsp, type PageAssets } from './asset-page.js';

export interface DocsOptions {
  /** Where the page is served; its assets live under it. Default `/docs`. */
  path?: string;
  /** URL of the OpenAPI document the page renders. Default `/openapi.json`. */
  specUrl?: string;
  /** The page title. */
  title?: string;
}

/** The package files the page loads: nothing else is served. */
const ASSETS: PageAssets = {
  'swagger-ui.css': ['swagger-ui-dist', 'swagger-ui.css', CSS],
  'swagger-ui-bundle.js': ['swagger-ui-dist', 'swagger-ui-bundle.js', JS],
  'favicon-32x32.png': ['swagger-ui-dist', 'favicon-32x32.png', 'image/png'],
  'favicon-16x16.png': ['swagger-ui-dist', 'favicon-16x16.png', 'image/png'],
};

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
  return assetPageRoutes({
    base,
    html: docsHtml(base, options.title ?? 'API documentation'),
    init: initScript(options.specUrl ?? '/openapi.json'),
    csp: pageCsp(),
    assets: ASSETS,
  });
}
