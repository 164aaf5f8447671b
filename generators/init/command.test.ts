// `spec-suite init` in a temporary directory: the scaffold, the first gen (real pipeline),
// and that a second run keeps what exists.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGen } from '../pipeline.js';
import { initCommand, type InitIO } from './command.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function io(cwd: string, withGen = true): InitIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    out: () => out,
    err: () => err,
    ...(withGen
      ? {
          gen: async ({ cwd: at, runtimeImport }) =>
            (
              await runGen({
                specPath: 'openapi/api-spec.yaml',
                outDir: 'src/generated',
                handlersDir: 'src/handlers',
                runtimeImport,
                cwd: at,
              })
            ).report,
        }
      : {}),
  };
}

describe('spec-suite init', () => {
  it('scaffolds spec, ruleset, tsconfig, scripts, server entry, generated code and stubs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-suite-init-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'package.json'), '{"name":"mine","scripts":{"test":"x"}}');
    const first = io(dir);
    expect(await initCommand(['svc', '--runtime', '@acme/spec-suite/runtime'], first)).toBe(0);
    const svc = path.join(dir, 'svc');
    for (const f of [
      'openapi/api-spec.yaml',
      'spectral.yaml',
      'tsconfig.json',
      'src/main.ts',
      'src/deps.ts',
      'src/handlers/pets.ts',
      'src/handlers/index.ts',
      'src/generated/openapi/routes.ts',
    ])
      expect(existsSync(path.join(svc, f)), f).toBe(true);
    const routes = readFileSync(path.join(svc, 'src/generated/openapi/routes.ts'), 'utf8');
    expect(routes).toContain("from '@acme/spec-suite/runtime/create-api.js'");
    const stub = readFileSync(path.join(svc, 'src/handlers/pets.ts'), 'utf8');
    expect(stub).toContain("from '@acme/spec-suite/runtime/not-implemented.js'");
    const pkg = JSON.parse(readFileSync(path.join(svc, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.scripts.gen).toContain('--runtime @acme/spec-suite/runtime');
    expect(pkg.dependencies).toHaveProperty('hono');
    expect(first.out()).toContain('created src/handlers/pets.ts');

    // An existing project: its package.json keeps its own entries; existing files are kept.
    const again = io(dir, false);
    expect(await initCommand([], again)).toBe(0);
    expect(await initCommand([], again)).toBe(0);
    expect(again.out()).toContain('kept     openapi/api-spec.yaml (exists)');
    const mine = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(mine.scripts.test).toBe('x');
    expect(mine.scripts['gen:watch']).toContain('--watch');
  });

  it('usage errors exit 2, --help exits 0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-suite-init-'));
    dirs.push(dir);
    expect(await initCommand(['a', 'b'], io(dir, false))).toBe(2);
    expect(await initCommand(['--bogus'], io(dir, false))).toBe(2);
    const help = io(dir, false);
    expect(await initCommand(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: spec-suite init');
  });
});
