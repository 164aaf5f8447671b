/**
 * The GraphiQL page at `/graphiql`, served like the Swagger UI page (docs.ts): every asset
 * comes from the installed npm packages (graphiql's UMD bundle and the React 18 it needs),
 * so the page works offline; the default CDN set-up renders blank there. Development and
 * test only by default (app/server.ts).
 */
import type { Hono } from 'hono';
import { assetPageRoutes, CSS, INIT_SCRIPT, JS, pageCsp, type PageAssets } from './asset-page.js';

export interface GraphiqlOptions {
  /** Where the page is served; its assets live under it. Default `/graphiql`. */
  path?: string;
  /** The GraphQL endpoint the page queries. Default `/graphql`. */
  endpoint?: string;
}

/** The package files the page loads (GraphiQL and the React 18 it needs): nothing else. */
const ASSETS: PageAssets = {
  'react.js': ['react', 'umd/react.production.min.js', JS],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js', JS],
  'graphiql.js': ['graphiql', 'graphiql.min.js', JS],
  'graphiql.css': ['graphiql', 'graphiql.min.css', CSS],
};

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
  return assetPageRoutes({
    base,
    html: graphiqlHtml(base),
    init: graphiqlInit(options.endpoint ?? '/graphql'),
    csp: pageCsp({ dataFonts: true }),
    assets: ASSETS,
  });
}
