/**
 * Micro-benchmark: validation speed of generated/openapi/schemas.ts against the same file
 * as emitted at another commit (default HEAD~1), on openapi-sampler's valid sample of every
 * component schema plus an "unknown property" variant of each object sample.
 *   npx tsx scripts/bench-validators.ts [<commit>]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sample } from 'openapi-sampler';
import type { z } from 'zod';
import { loadApi } from '../generators/openapi/load.js';

const commit = process.argv[2] ?? 'HEAD~1';
const dir = path.resolve('.tmp', 'bench-validators');
mkdirSync(dir, { recursive: true });
const old = execFileSync('git', ['show', `${commit}:generated/openapi/schemas.ts`], {
  encoding: 'utf8',
});
// .tmp/bench-validators/ sits two levels deep like generated/openapi/: its runtime import
// resolves unchanged, and the types import is type-only.
writeFileSync(path.join(dir, 'schemas.ts'), old);

type Schemas = { schemas: Record<string, z.ZodType> };
const before = (await import(pathToFileURL(path.join(dir, 'schemas.ts')).href)) as Schemas;
const after = (await import(
  pathToFileURL(path.resolve('generated/openapi/schemas.ts')).href
)) as Schemas;

const ir = await loadApi('openapi/api-spec.yaml');
const cases: [string, unknown][] = [];
for (const name of Object.keys(ir.schemas)) {
  const v = sample(
    { $ref: `#/components/schemas/${name}` } as never,
    { quiet: true } as never,
    ir.document,
  );
  cases.push([name, v]);
  if (v && typeof v === 'object' && !Array.isArray(v)) cases.push([name, { ...v, zzExtra: 1 }]);
}

function bench(label: string, mod: Schemas): number {
  const run = () => {
    for (const [name, v] of cases) mod.schemas[name]?.safeParse(v);
  };
  for (let i = 0; i < 200; i++) run(); // warm-up
  const rounds = 2000;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) run();
  const us = ((performance.now() - t0) * 1000) / (rounds * cases.length);
  console.log(
    `${label.padEnd(28)} ${us.toFixed(2)} µs per validation (${cases.length} instances x ${rounds})`,
  );
  return us;
}

const a = bench(`before (${commit})`, before);
const b = bench('after (working tree)', after);
console.log(`ratio after/before: ${(b / a).toFixed(2)}`);
