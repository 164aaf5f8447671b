/**
 * A real browser (Debian's chromium through playwright-core, headless, no network beyond
 * this server) opens /graphiql and /docs on the running app: GraphiQL loads from our own
 * assets, runs a query and shows the result; Swagger UI lists the operations.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createDomainApp } from '../e2e/domain/harness.js';
import { CHROMIUM_PATH, chromiumAvailable } from '../support/services.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('GraphiQL and API docs in a browser', () => {
  let db: TestDatabase;
  let server: ServerType;
  let browser: Browser;
  let base: string;
  const offsite: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const t = await createDomainApp(db.db);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await db?.close();
  });

  async function page() {
    const p = await browser.newPage();
    // Everything the page loads must come from this server (no CDN).
    await p.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    return p;
  }

  it('GraphiQL runs a query and shows the result', async () => {
    const p = await page();
    await p.goto(`${base}/graphiql`);
    const editor = p.locator('.graphiql-query-editor .CodeMirror').first();
    await editor.waitFor({ timeout: 30_000 });
    await p.evaluate(() => {
      const cm = (
        document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as {
          CodeMirror: { setValue(v: string): void };
        }
      ).CodeMirror;
      cm.setValue('{ getHealth { status } }');
    });
    await p.locator('.graphiql-execute-button').click();
    const result = p.locator('.graphiql-response .CodeMirror');
    await expect
      .poll(async () => result.innerText(), { timeout: 30_000 })
      .toContain('"status": "ok"');
    expect(offsite).toEqual([]);
  });

  it('/docs lists the operations', async () => {
    const p = await page();
    await p.goto(`${base}/docs`);
    await p.locator('.opblock').first().waitFor({ timeout: 30_000 });
    const text = await p.locator('#swagger-ui').innerText();
    expect(text).toContain('/api/v1/jobs');
    expect(await p.locator('.opblock').count()).toBeGreaterThan(20);
    expect(offsite).toEqual([]);
  });
});
