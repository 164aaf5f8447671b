/**
 * `npm run bench` must keep running: a smoke version of every phase but `github` (a few
 * requests per stack and endpoint, no warm-up; one gen run per case; 1 s soaks; a tiny login flood
 * at bcrypt cost 4), every stack answering, the fairness table produced, every section
 * written. No timing assertions (speed is measured by the bench itself, not by tests).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpus } from '../bench/corpus.js';
import { parseCli } from '../bench/options.js';
import { CASES } from '../bench/phases/gen.js';
import { APP_STACKS, type AnyStackId } from '../bench/processes.js';
import { runBench } from '../bench/run.js';
import { STACKS } from '../bench/server.js';

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench (smoke)', () => {
  it('selects phases with --phases and --skip, and refuses unknown names', () => {
    expect(parseCli(['--skip', 'github,soak']).phases).toEqual(['stacks', 'app', 'gen', 'auth']);
    expect(parseCli(['--phases', 'gen']).phases).toEqual(['gen']);
    expect(() => parseCli(['--phases', 'stacks,warp'])).toThrow(/unknown phases: warp/);
    expect(() => parseCli(['--stacks', 'a,z'])).toThrow(/unknown stacks: z/);
  });

  it("gen's edit cases still apply to this project's spec and DDL, differently each run", () => {
    const edits = CASES.flatMap((c) => (c.edit ? [c.edit] : []));
    expect(edits).toHaveLength(3);
    for (const edit of edits) {
      const text = readFileSync(edit.file, 'utf8');
      const [one, two] = [edit.apply(text, 1), edit.apply(text, 2)];
      expect(one).not.toBe(text);
      expect(two).not.toBe(one);
    }
    expect(parseCli(['--gen-cases', 'spec-summary,cold']).gen?.cases).toEqual([
      'spec-summary',
      'cold',
    ]);
    expect(() => parseCli(['--gen-cases', 'spec edit'])).toThrow(/unknown gen cases/);
  });

  it('runs every phase but github, and writes JSON and RESULTS.md with a section each', async () => {
    const report = await runBench({
      phases: ['stacks', 'app', 'gen', 'soak', 'auth'],
      rounds: 1,
      connections: 2,
      amount: 40,
      warmup: 0,
      seedJobs: 21,
      // No edit cases: they edit openapi/api-spec.yaml and db/schema.sql in place, which
      // other test files read while this one runs (the edits are checked below instead).
      gen: { runs: 1, warmup: 0, cases: ['unchanged', 'all-openapi', 'cold'] },
      soak: { seconds: 1 },
      auth: { cost: 4, logins: 2, requests: 20, floodMs: 200, warmupCalls: 5, settleMs: 50 },
      outDir: out,
      log: () => {},
      table: () => {},
    });
    for (const line of report.skipped) console.warn(line);
    const pgSkipped = report.skipped.some((l) => l.startsWith('SKIP: (app-pg)'));
    if (process.env.REQUIRE_SERVICES === '1') expect(pgSkipped).toBe(false);
    const ids = [
      ...Object.keys(STACKS),
      ...Object.keys(APP_STACKS).filter((id) => !(id === 'app-pg' && pgSkipped)),
    ] as AnyStackId[];
    expect(report.options.stacks).toEqual(ids);

    // Every stack, the full app included, answered every load request with 2xx.
    expect(report.results).toHaveLength(ids.length * 2);
    for (const r of report.results) {
      expect(r.requests, `${r.stack} ${r.endpoint}`).toBeGreaterThanOrEqual(40);
      expect(r.non2xx + r.errors, `${r.stack} ${r.endpoint}`).toBe(0);
    }

    // The fairness table covers the whole corpus on every stack, and our pipeline is not laxer.
    expect(report.fairness.map((f) => f.case)).toEqual(corpus.map((c) => c.id));
    for (const row of report.fairness)
      expect(Object.keys(row.statuses).sort()).toEqual([...ids].sort());
    expect(report.verdicts.b).toEqual({ laxer: [], otherwise: [] });
    expect(report.verdicts.a).toEqual({ laxer: [], otherwise: [] });
    // The full app stays out of the peer ratios; it has its own table against (b).
    expect(report.ratios.map((r) => r.ratio)).toEqual([
      '(b)/(a)',
      '(b)/(c)',
      '(b)/(d)',
      '(b)/(e)',
      '(b2)/(b)',
      '(b3)/(b)',
    ]);
    expect(report.appRatios.map((r) => r.ratio)).toEqual(
      pgSkipped ? ['(app-pglite)/(b)'] : ['(app-pglite)/(b)', '(app-pg)/(b)'],
    );

    expect(report.gen?.cases.map((c) => c.name)).toEqual(['unchanged', 'all-openapi', 'cold']);
    for (const c of report.gen!.cases) {
      expect(c.runs).toHaveLength(1);
      expect(c.runs[0]!.selfMs).toBeGreaterThan(0);
    }
    expect(report.github).toBeUndefined();
    expect(report.soak?.map((s) => s.stack)).toEqual(['b', 'app-pglite']);
    for (const s of report.soak!) {
      expect(s.non2xx + s.errors, s.stack).toBe(0);
      expect(s.rssAfterMb, s.stack).toBeGreaterThan(0);
      expect(s.hwmMb, s.stack).toBeGreaterThanOrEqual(s.rssAfterMb);
    }
    expect(report.auth?.rows).toHaveLength(7);
    for (const c of ['rounds', 'gen', 'soak', 'auth'] as const)
      expect(report.clocks[c]?.seconds, c).toBeGreaterThan(0);

    const json = readdirSync(join(out, 'results'));
    expect(json).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'results', json[0]!), 'utf8'))).toMatchObject({
      ratios: report.ratios,
      appRatios: report.appRatios,
    });
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    for (const heading of [
      '### Fairness',
      '(b)/(c)',
      '(app-pglite)/(b)',
      '## `npm run gen`',
      '## Server memory after a soak',
      '## Token check under a login flood',
    ])
      expect(md).toContain(heading);
    expect(md).not.toContain("## GitHub's REST spec");
    expect(md).toContain(`Node ${process.version}`);
    // Eight servers start under tsx, the app seeds over HTTP, gen runs once: a minute or two.
  }, 300_000);
});
