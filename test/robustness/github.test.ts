/**
 * Issue 3 robustness, full run only (ROBUSTNESS_FULL=1: `npm run test:robustness`, which
 * `.ci/run` runs before `npm test`): GitHub's REST spec (one ~12 MB JSON file, 1000+
 * operations) through the full pipeline, timed and printed (goal: generation under 20 s); its output
 * type-checked with tsc (time and peak memory printed), generated twice byte-identically,
 * and booted with one plausible request per operation.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFull, readTree, ROOT, typecheck, type GeneratedSpec } from './generate.js';
import { formatCounts, formatStatuses, probe } from './probe.js';
import { GITHUB_SPEC } from './specs.js';

const full = process.env.ROBUSTNESS_FULL === '1';
// Its own folder: the default suite may run in parallel in the same process tree.
const root = path.join(ROOT, 'github-run');
let g: GeneratedSpec;

describe.skipIf(!full)('robustness: GitHub REST spec (full pipeline)', () => {
  beforeAll(async () => {
    g = await generateFull(GITHUB_SPEC, root);
    console.log(
      `GitHub: ${g.ir.operations.length} operations, ${Object.keys(g.ir.schemas).length} schemas; ` +
        `generation ${g.seconds.toFixed(1)} s (${g.files} files, ${(g.bytes / 1e6).toFixed(1)} MB)`,
    );
  }, 300_000);

  afterAll(() => {
    if (process.env.KEEP_ROBUSTNESS !== '1') rmSync(root, { recursive: true, force: true });
  });

  // Speed is reported, not asserted (house rule 5: benchmarks measure speed, tests don't);
  // the printed figure above is what the goal (under 20 s) is read against.
  it('generates every operation of the spec', () => {
    expect(g.ir.operations.length).toBeGreaterThan(1000);
    if (g.seconds >= 20)
      console.warn(`GitHub generation took ${g.seconds.toFixed(1)} s (goal: under 20 s)`);
  });

  it('output, stubs and boot module type-check', { timeout: 600_000 }, async () => {
    const tsc = await typecheck([g.dir], 'github', root);
    console.log(
      `GitHub tsc: ${tsc.seconds.toFixed(1)} s, peak ${tsc.peakMb ?? '?'} MB, ` +
        `${tsc.types ?? '?'} types, ${tsc.instantiations ?? '?'} instantiations`,
    );
    expect(tsc.output).toBe('');
    expect(tsc.ok).toBe(true);
  });

  it('boots; every operation answers without a 500', { timeout: 300_000 }, async () => {
    const t0 = performance.now();
    const result = await probe(g);
    console.log(
      `GitHub boot + ${result.requests} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
        `${formatStatuses(result.byStatus)}; schema samples accepted ` +
        `${result.schemas.accepted}/${result.schemas.checked}; ` +
        `400s by request body: ${formatCounts(result.rejectedByBody)}`,
    );
    if (process.env.ROBUSTNESS_VERBOSE === '1')
      console.log(`400s:\n  ${result.rejected.join('\n  ')}`);
    expect(result.failures.slice(0, 10)).toEqual([]);
    expect(result.requests + result.skipped.length).toBe(g.ir.operations.length);
    // Raw bytes (application/octet-stream) reach the stub as a Blob.
    expect(result.rejected.filter((r) => r.startsWith('repos/upload-release-asset '))).toEqual([]);
    expect(result.rejectedByBody.binary ?? 0).toBe(0);
  });

  it('is deterministic: a second generation is byte-identical', { timeout: 300_000 }, async () => {
    const again = await generateFull({ ...GITHUB_SPEC, slug: 'github-again' }, root);
    const a = readTree(g.dir);
    const b = readTree(again.dir);
    expect([...b.keys()]).toEqual([...a.keys()]);
    const differing = [...a].filter(([file, text]) => b.get(file) !== text).map(([f]) => f);
    expect(differing).toEqual([]);
  });
});
