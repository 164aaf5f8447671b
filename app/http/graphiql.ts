/**
 * The GraphiQL page at `/graphiql`, served like the Swagger UI page (docs.ts): every asset
 * comes from the installed npm packages (graphiql's UMD bundle and the React 18 it needs),
 * so the page works offline; the default CDN set-up renders blank there. Development and
 * test only by default (app/server.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';

export interface GraphiqlOptions {
  /** Where the page is served; its assets live under it. Default `/graphiql`. */
  path?: string;
  /** The GraphQL endpoint the page queries. Default `/graphql`. */
  endpoint?: string;
}

/** Served file → [package, file in the package, content type]: nothing else is served. */
const ASSETS: Record<string, [string, string, string]> = {
  'react.js': ['react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8'],
  'react-dom.js': [
    'react-dom',
    'umd/react-dom.production.min.js',
    'text/javascript; charset=utf-8',
  ],
  'graphiql.js': ['graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'],
  'graphiql.css': ['graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'],
};

const INIT_SCRIPT = 'init.js';

/** GraphiQL sets inline styles and draws icons from data: URIs; everything else is same-origin. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function graphiqlHtml(base: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphiQL</title>
    <link rel="stylesheet" href="${base}/graphiql.css">
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    <script src="${base}/react.js"></script>
    <script src="${base}/react-dom.js"></script>
    <script src="${base}/graphiql.js"></script>
    <script src="${base}/${INIT_SCRIPT}"></script>
  </body>
</html>
`;
}

export function graphiqlInit(endpoint: string): string {
  return `(function () {
  var fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
`;
}

export function graphiqlRoutes(options: GraphiqlOptions = {}): Hono {
  const base = (options.path ?? '/graphiql').replace(/\/+$/, '');
  const html = graphiqlHtml(base);
  const init = graphiqlInit(options.endpoint ?? '/graphql');
  // Read once on first use and kept: the bundles never change at run time.
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string) => {
    let body = cache.get(file);
    if (!body) {
      const [pkg, rel] = ASSETS[file]!;
      body = readFile(path.join(packageDir(pkg), rel));
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
  app.get(`${base}/${INIT_SCRIPT}`, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(init);
  });
  app.get(`${base}/:file`, async (c, next) => {
    const file = c.req.param('file');
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) return next();
    const body = await load(file);
    c.header('content-type', asset[2]);
    c.header('cache-control', 'public, max-age=86400');
    return c.body(new Uint8Array(body));
  });
  return app;
}
