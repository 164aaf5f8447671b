/**
 * A browser tool page (Swagger UI at /docs, GraphiQL at /graphiql) served entirely from
 * this origin: the HTML, our initializer as a file (so a strict CSP needs no
 * 'unsafe-inline' script), and the tool's bundles read from installed npm packages, so
 * the page renders offline and behind firewalls (the tools' default CDN set-ups render
 * blank there). Only the listed assets are served.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';

/** Served file name → [package, file in the package, content type]. */
export type PageAssets = Readonly<Record<string, readonly [string, string, string]>>;

/** The initializer's file name under the page's path. */
export const INIT_SCRIPT = 'init.js';

/**
 * The tools set `style` attributes and draw icons (and GraphiQL fonts) from data: URIs;
 * scripts and API calls stay on this origin.
 */
export function pageCsp(opts: { dataFonts?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ...(opts.dataFonts ? ["font-src 'self' data:"] : []),
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export interface AssetPage {
  /** Where the page is served, without a trailing slash; its assets live under it. */
  base: string;
  html: string;
  /** The initializer script, served at `${base}/init.js`. */
  init: string;
  csp: string;
  assets: PageAssets;
}

export function assetPageRoutes({ base, html, init, csp, assets }: AssetPage): Hono {
  // Read once on first use and kept: the bundles (up to a few MB) never change at run time.
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string, [pkg, rel]: readonly [string, string, string]) => {
    let body = cache.get(file);
    if (!body) {
      body = readFile(path.join(packageDir(pkg), rel));
      body.catch(() => cache.delete(file));
      cache.set(file, body);
    }
    return body;
  };

  const app = new Hono();
  app.get(base, (c) => {
    c.header('content-security-policy', csp);
    c.header('cache-control', 'no-cache');
    return c.html(html);
  });
  app.get(`${base}/`, (c) => c.redirect(base, 301));
  app.get(`${base}/${INIT_SCRIPT}`, (c) => {
    c.header('content-type', JS);
    c.header('cache-control', 'no-cache');
    return c.body(init);
  });
  app.get(`${base}/:file`, async (c, next) => {
    const file = c.req.param('file');
    const asset = Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!asset) return next();
    const body = await load(file, asset);
    c.header('content-type', asset[2]);
    c.header('cache-control', 'public, max-age=86400');
    return c.body(new Uint8Array(body));
  });
  return app;
}
