/** The ratio table of bench/RESULTS.md, from per-stack results (bench/report.ts). */
import { describe, expect, it } from 'vitest';
import { ratioRows, type StackResult } from '../bench/report.js';
import { mdTable } from '../bench/report-phases.js';

const result = (stack: StackResult['stack'], rps: number, cpuUs: number, rounds: number[]) =>
  ({ stack, endpoint: 'GET /x', rps, cpuUs, rounds }) as StackResult;

describe('bench ratio rows', () => {
  it('gives the median ratio, the CPU ratio and the spread of per-round ratios', () => {
    const rows = ratioRows(
      [result('a', 1000, 100, [1000, 900, 1100]), result('b', 800, 125, [850, 810, 770])],
      {},
    );
    expect(rows).toEqual([
      {
        ratio: '(b)/(a)',
        'GET /x': '0.80×',
        'GET /x by CPU': '0.80×',
        'GET /x rounds': '0.70–0.90×',
        note: '',
      },
    ]);
  });

  it('names a laxer peer next to its ratio and skips pairs with a stack missing', () => {
    const rows = ratioRows([result('b', 500, 200, [500]), result('c', 1000, 100, [1000])], {
      c: { laxer: ['POST "70000" as a string'], otherwise: [] },
    });
    expect(rows.map((r) => [r.ratio, r['GET /x rounds'], r.note])).toEqual([
      ['(b)/(c)', '0.50–0.50×', '(c) laxer: POST "70000" as a string'],
    ]);
  });
});

describe('bench markdown tables', () => {
  it('keeps a `|` inside a cell from ending it', () => {
    const table = mdTable([{ ratio: '(b)/(c)', note: 'laxer: x | off-spec: y' }]);
    expect(table.split('\n')[2]).toBe('| (b)/(c) | laxer: x \\| off-spec: y |');
  });
});
