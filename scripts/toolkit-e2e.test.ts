// The toolkit as a stranger installs it: pack it (scripts/pack-toolkit.ts), `npm i` the
// tarball into a fresh project, `spec-suite init`, `gen` on Petstore 3.0 and 3.1 too,
// implement one handler, `tsc --strict`, build, start the server and send a real request.
// Slow (npm install and tsc, about a minute here): runs with TOOLKIT_E2E=1
// (`npm run test:toolkit`, and .ci/run); otherwise prints a SKIP line.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { build, pack } from './pack-toolkit.js';

const ENABLED = process.env.TOOLKIT_E2E === '1';
if (!ENABLED) console.log('SKIP: toolkit e2e (npm pack + install + tsc): set TOOLKIT_E2E=1');

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'toolkit-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (cwd: string, ...args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    maxBuffer: 1 << 26,
  });

const LIST_PETS = `import type { PetsHandlers } from '../generated/openapi/handlers.js';
import { notImplemented } from '@jobboard/spec-suite/runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createPetsHandlers(_deps: AppDeps): PetsHandlers<AppPrincipal, AppContext> {
  return {
    listPets: ({ query }) => ({
      status: 200,
      body: [{ id: 1, name: 'Rex' }, { id: 2, name: 'Tom', tag: 'cat' }].slice(0, query.limit ?? 20),
    }),
    getPet: () => notImplemented('getPet'),
  };
}
`;

describe.skipIf(!ENABLED)('the packed toolkit in a fresh project', () => {
  it('installs, scaffolds, generates (sample, Petstore 3.0 and 3.1), type-checks and serves', async () => {
    const tarball = pack(build(path.join(work, 'pack')), work);
    const app = path.join(work, 'service');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'service', version: '0.0.0', private: true, type: 'module' }),
    );
    await npm(app, 'install', tarball);
    const bin = path.join(app, 'node_modules', '.bin', 'spec-suite');
    const init = await run(bin, ['init'], { cwd: app });
    expect(init.stdout).toContain('created src/handlers/pets.ts');
    await npm(app, 'install');

    const oas = path.join(ROOT, 'node_modules', '@readme', 'oas-examples');
    for (const v of ['3.0', '3.1']) {
      const slug = `petstore${v.replace('.', '')}`;
      copyFileSync(path.join(oas, v, 'json', 'petstore.json'), path.join(app, `${slug}.json`));
      const gen = await run(
        bin,
        [
          'gen',
          '--spec',
          `${slug}.json`,
          '--out',
          `src/${slug}/generated`,
          '--handlers',
          `src/${slug}/handlers`,
          '--runtime',
          '@jobboard/spec-suite/runtime',
        ],
        { cwd: app },
      );
      expect(gen.stdout).toContain(`created src/${slug}/handlers/index.ts`);
    }
    writeFileSync(path.join(app, 'src', 'handlers', 'pets.ts'), LIST_PETS);
    // tsconfig.json from init is strict; build emits dist/ for `npm start`.
    await npm(app, 'run', 'build');

    const server = spawn(process.execPath, ['dist/main.js'], {
      cwd: app,
      env: { ...process.env, PORT: '0' },
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => {
          const m = /127\.0\.0\.1:(\d+)/.exec(String(d));
          if (m) resolve(Number(m[1]));
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const ok = await fetch(`http://127.0.0.1:${port}/pets?limit=1`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual([{ id: 1, name: 'Rex' }]);
      const bad = await fetch(`http://127.0.0.1:${port}/pets?limit=0`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      const stub = await fetch(`http://127.0.0.1:${port}/pets/1`);
      expect(stub.status).toBe(501);
    } finally {
      server.kill();
    }
  }, 600_000);
});
