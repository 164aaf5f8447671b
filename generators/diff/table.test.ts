// The fixture table (test/fixtures/spec-diff/*.yaml): every row's findings, as id:level, are
// exactly the expected set, in both directions where the row says so.
import { describe, expect, it } from 'vitest';
import { loadCases, loadRows } from '../../test/support/spec-diff-table.js';
import { normaliseDocument } from '../openapi/normalise/document.js';
import { CHECKS } from './checks.js';
import { diffApis } from './compare.js';

const rows = loadRows();

describe('spec-diff fixture table', () => {
  it('has at least 60 directed rows and only known check ids', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (const row of rows)
      for (const e of row.expect) {
        const [id, level] = e.split(':');
        expect(CHECKS[id!], `${row.label}: ${e}`).toBeDefined();
        expect(CHECKS[id!]!.level, `${row.label}: ${e}`).toBe(level);
      }
  });

  it.each(rows.map((r) => [r.label, r] as const))('%s', (_label, row) => {
    const base = normaliseDocument(structuredClone(row.base), 'base.yaml');
    const rev = normaliseDocument(structuredClone(row.revision), 'revision.yaml');
    const got = diffApis(base, rev).findings.map((f) => `${f.id}:${f.level}`);
    expect([...new Set(got)].sort()).toEqual([...new Set(row.expect)].sort());
  });

  it('covers every breaking check family of the issue in the table', () => {
    const expected = new Set(rows.flatMap((r) => r.expect.map((e) => e.split(':')[0]!)));
    const untested = Object.entries(CHECKS)
      .filter(([id, c]) => c.level === 'breaking' && !expected.has(id))
      .map(([id]) => id)
      // Limit checks are generated for every keyword; the table exercises each family.
      .filter(
        (id) => !/-(min|max)-properties-|-exclusive-m(in|ax)imum-relaxed|-multiple-of-/.test(id),
      );
    expect(untested).toEqual([]);
    expect(loadCases().length).toBeGreaterThan(30);
  });
});

describe('docs/spec-diff.md', () => {
  it('lists every check id with its level', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/spec-diff.md', import.meta.url), 'utf8');
    for (const [id, c] of Object.entries(CHECKS))
      expect(doc, id).toMatch(new RegExp(`\\| \`${id}\`\\s+\\| ${c.level}\\s+\\|`));
  });
});
