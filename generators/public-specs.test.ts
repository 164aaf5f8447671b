/**
 * The pipeline on public specs nobody here wrote (@readme/oas-examples, 3.0 and 3.1):
 * generation does not crash, the output plus stubs type-checks, and the mounted routes
 * answer every operation without a 500.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHooks } from '../runtime/contract.js';
import type { OperationDef } from '../runtime/operation.js';
import { notImplemented } from '../runtime/not-implemented.js';
import { runGen } from './pipeline.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const work = path.join(root, 'generators/.tmp', `public-${process.pid}`);
const examples = path.join(root, 'node_modules/@readme/oas-examples');

const specs = [
  '3.0/json/petstore.json',
  '3.0/json/petstore-expanded.json',
  '3.0/json/http-status-codes.json',
  '3.0/json/response-multiple-mediatypes.json',
  '3.0/json/parameters-style.json',
  '3.0/json/security-multiple.json',
  '3.0/json/file-uploads.json',
  '3.1/json/petstore.json',
  '3.1/json/train-travel.json',
];
const dirOf = (spec: string) => path.join(work, spec.replace(/[/.]/g, '_'));

const generated: Record<string, string> = {};

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  for (const spec of specs) {
    const dir = dirOf(spec);
    try {
      await runGen({
        specPath: path.join(examples, spec),
        outDir: path.join(dir, 'generated'),
        handlersDir: path.join(dir, 'handlers'),
        cwd: dir,
      });
      generated[spec] = 'ok';
    } catch (e) {
      generated[spec] = (e as Error).stack ?? String(e);
    }
  }
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('public specs', () => {
  it('generate without errors', () => {
    expect(generated).toEqual(Object.fromEntries(specs.map((s) => [s, 'ok'])));
  });

  it('type-check with their stubs', () => {
    const files = ts.sys.readDirectory(work, ['.ts']);
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.relative(work, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    expect(errors.slice(0, 20)).toEqual([]);
  });

  const anyone: AuthHooks<{ id: string }> = {
    authenticate: async () => ({ ok: true, principal: { id: 'u' } }),
    authorize: () => true,
  };
  const stubs = new Proxy({}, { get: (_t, id) => () => notImplemented(String(id)) });

  it.each(specs)('%s: every operation answers without a 500', async (spec) => {
    const gen = path.join(dirOf(spec), 'generated/openapi');
    const routes = (await import(pathToFileURL(path.join(gen, 'routes.ts')).href)) as {
      createApi: (
        h: object,
        o: object,
      ) => { request: (p: string, i: RequestInit) => Promise<Response> };
      operationTable: readonly OperationDef[];
      serverBasePath: string;
    };
    const app = routes.createApi(stubs, {
      auth: anyone,
      validateResponses: true,
      logger: { error: () => {} },
    });
    const statuses: string[] = [];
    for (const op of routes.operationTable) {
      const url = routes.serverBasePath + op.path.replace(/\{[^}]+\}/g, '1');
      const res = await app.request(url, {
        method: op.method.toUpperCase(),
        headers: { authorization: 'Bearer x' },
      });
      statuses.push(`${op.operationId} ${res.status}`);
      expect(res.status, `${op.operationId}: ${await res.clone().text()}`).not.toBe(500);
      expect(res.status, `${op.method} ${url}`).not.toBe(404);
    }
    expect(statuses.length).toBeGreaterThan(0);
  });
});
