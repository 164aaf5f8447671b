/**
 * `npm run bench` must keep running: one smoke round (a few requests per stack and
 * endpoint, no warm-up), every stack answering and the fairness table produced. No timing
 * assertions (speed is measured by the bench itself, not by tests).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpus } from '../bench/corpus.js';
import { runBench } from '../bench/run.js';
import { STACKS, type StackId } from '../bench/server.js';

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench (smoke round)', () => {
  it('serves both endpoints on every stack, checks fairness, writes JSON and RESULTS.md', async () => {
    const report = await runBench({
      rounds: 1,
      connections: 2,
      amount: 40,
      warmup: 0,
      outDir: out,
      log: () => {},
      table: () => {},
    });
    const ids = Object.keys(STACKS) as StackId[];

    // Every stack answered every load request with 2xx (valid GET 200, valid POST 201).
    expect(report.results).toHaveLength(ids.length * 2);
    for (const r of report.results) {
      expect(r.requests, `${r.stack} ${r.endpoint}`).toBeGreaterThanOrEqual(40);
      expect(r.non2xx + r.errors, `${r.stack} ${r.endpoint}`).toBe(0);
    }

    // The fairness table covers the whole corpus on every stack, and our pipeline is not laxer.
    expect(report.fairness.map((f) => f.case)).toEqual(corpus.map((c) => c.id));
    for (const row of report.fairness) expect(Object.keys(row.statuses).sort()).toEqual(ids.sort());
    expect(report.verdicts.b).toEqual({ laxer: [], otherwise: [] });
    expect(report.verdicts.a).toEqual({ laxer: [], otherwise: [] });
    expect(report.ratios.map((r) => r.ratio)).toEqual([
      '(b)/(a)',
      '(b)/(c)',
      '(b)/(d)',
      '(b)/(e)',
      '(b2)/(b)',
    ]);

    const json = readdirSync(join(out, 'results'));
    expect(json).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'results', json[0]!), 'utf8'))).toMatchObject({
      ratios: report.ratios,
    });
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toContain('## Fairness');
    expect(md).toContain('(b)/(c)');
    expect(md).toContain(`Node ${process.version}`);
    // Six child processes start under tsx: seconds on a quiet machine, a minute on a loaded one.
  }, 180_000);
});
