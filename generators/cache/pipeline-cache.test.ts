/**
 * `gen` through the stage cache gives byte-for-byte what it gives without one: on a hit,
 * after an input changed (spec or DDL), and after every entry was corrupted.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGen } from '../pipeline.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let cacheDir: string;

const DDL = `create table job (id bigint generated always as identity primary key, title text not null);\n`;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'spec-suite-gen-cache-'));
  cacheDir = path.join(work, 'cache');
  await cp(path.join(root, 'test/fixtures/spec-suite/mini.yaml'), path.join(work, 'spec.yaml'));
  await writeFile(path.join(work, 'schema.sql'), DDL);
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** The files a run produces (check mode: nothing written, every file compared). */
async function gen(cache: string | false): Promise<Record<string, string>> {
  const result = await runGen({
    specPath: 'spec.yaml',
    ddlPath: 'schema.sql',
    outDir: 'generated',
    check: true,
    cwd: work,
    cacheDir: cache,
  });
  return Object.fromEntries(result.files.map((f) => [f.path, f.contents]));
}

async function cacheFiles(): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('gen with the stage cache', () => {
  let uncached: Record<string, string>;

  it('fills the cache and then serves the same output from it', async () => {
    uncached = await gen(false);
    expect(await gen(cacheDir)).toEqual(uncached);
    const stages = new Set((await cacheFiles()).map((f) => path.basename(path.dirname(f))));
    expect([...stages].sort()).toEqual([
      'ddl',
      'openapi-bundle',
      'openapi-typescript',
      'prettier',
      'prettier-group',
    ]);
    expect(await gen(cacheDir)).toEqual(uncached);
  });

  it('follows a changed DDL and a changed spec; recomputes corrupted entries', async () => {
    await writeFile(path.join(work, 'schema.sql'), DDL.replace('title text', 'headline text'));
    const specFile = path.join(work, 'spec.yaml');
    const spec = await readFile(specFile, 'utf8');
    await writeFile(specFile, spec.replace('maximum: 100', 'maximum: 99'));
    const changed = await gen(cacheDir);
    expect(changed['db/schema.ts']).toContain('headline');
    expect(changed['openapi/schemas.ts']).toContain('99');
    const expected = await gen(false);
    expect(changed).toEqual(expected);

    for (const file of await cacheFiles()) {
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.slice(0, text.length >> 1));
    }
    expect(await gen(cacheDir)).toEqual(expected);
    expect(await gen(cacheDir)).toEqual(expected);
  });
});
