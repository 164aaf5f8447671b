// `gen --watch`: a real file watcher on a temporary spec; saving the spec regenerates and
// prints the operations added and removed; a broken save waits for the next one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runGen } from './pipeline.js';
import { operationChanges, watchGen } from './watch.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const MINI = fileURLToPath(new URL('../test/fixtures/spec-diff/cli/v1.yaml', import.meta.url));

async function until(check: () => boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('gen --watch', () => {
  it('regenerates on save and reports new and removed operations', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-suite-watch-'));
    dirs.push(dir);
    const spec = path.join(dir, 'api', 'spec.yaml');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(spec));
    writeFileSync(spec, readFileSync(MINI, 'utf8'));
    let out = '';
    let err = '';
    let gens = 0;
    let stop!: () => void;
    const args = ['--spec', 'api/spec.yaml', '--out', 'gen', '--handlers', 'handlers'];
    const done = watchGen(args, {
      cwd: dir,
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      debounceMs: 50,
      until: new Promise<void>((r) => (stop = r)),
      gen: async (a) => {
        const r = await runGen({ specPath: a[1]!, outDir: a[3]!, handlersDir: a[5]!, cwd: dir });
        out += `${r.report.join('\n')}\n`;
        gens++;
        return r.exitCode;
      },
    });
    await until(() => out.includes('watching'));
    expect(gens).toBe(1);
    const v2 = readFileSync(MINI, 'utf8')
      .replace(/ {2}\/items\/\{id\}:[\s\S]*?(?=components:)/, '')
      .replace(
        'paths:\n',
        "paths:\n  /tags:\n    get:\n      operationId: listTags\n      tags: [tags]\n      responses: { '200': { description: ok } }\n",
      );
    writeFileSync(spec, v2);
    await until(() => gens === 2);
    expect(out).toContain('+ operation GET /tags (listTags)');
    expect(out).toContain('- operation DELETE /items/{id} (deleteItem)');
    expect(out).toContain('created handlers/tags.ts');
    writeFileSync(spec, 'openapi: 3.0.3\ninfo: [');
    await until(() => err.includes('waiting for the next save'));
    stop();
    expect(await done).toBe(0);
    expect(gens).toBe(2);
  }, 120_000);

  it('operationChanges lists additions and removals', () => {
    const op = (method: 'get' | 'post', p: string) =>
      ({ method, path: p, operationId: `${method}${p}` }) as never;
    expect(operationChanges([op('get', '/a')], [op('post', '/a')])).toEqual([
      '+ operation POST /a (post/a)',
      '- operation GET /a (get/a)',
    ]);
  });

  it('requires --spec', async () => {
    let err = '';
    const code = await watchGen([], {
      cwd: '.',
      stdout: () => {},
      stderr: (s) => (err += s),
      gen: async () => 0,
    });
    expect(code).toBe(2);
    expect(err).toContain('--spec is required');
  });
});
