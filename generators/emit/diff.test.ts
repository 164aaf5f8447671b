import { describe, expect, it } from 'vitest';
import { compareFiles, formatDrift } from './diff.js';

describe('compareFiles', () => {
  it('finds missing, stale and changed files, sorted by path', () => {
    const drift = compareFiles(
      [
        { path: 'openapi/a.ts', contents: 'same\n' },
        { path: 'openapi/b.ts', contents: 'new\n' },
        { path: 'openapi/c.ts', contents: 'x\n' },
      ],
      new Map([
        ['openapi/a.ts', 'same\n'],
        ['openapi/b.ts', 'old\n'],
        ['openapi/z.ts', 'left over\n'],
      ]),
    );
    expect(drift.map((d) => `${d.kind} ${d.path}`)).toEqual([
      'changed openapi/b.ts',
      'missing openapi/c.ts',
      'stale openapi/z.ts',
    ]);
  });

  it('reports nothing for identical trees', () => {
    expect(compareFiles([{ path: 'a', contents: 'x' }], new Map([['a', 'x']]))).toEqual([]);
  });
});

describe('formatDrift', () => {
  it('shows a unified diff, truncated per file', () => {
    const before = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'LINE 10').replace('line 80', 'LINE 80');
    const text = formatDrift(
      [{ kind: 'changed', path: 'openapi/x.ts', expected: after, actual: before }],
      'generated',
      8,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('generated is out of date (1 file):');
    expect(lines[1]).toBe('  changed: generated/openapi/x.ts');
    expect(text).toContain('-line 10');
    expect(text).toContain('+LINE 10');
    expect(text).not.toContain('LINE 80');
    expect(text).toMatch(/\.\.\. \d+ more diff lines/);
    expect(lines.at(-1)).toContain('npm run gen');
  });

  it('says so when up to date', () => {
    expect(formatDrift([], 'generated')).toBe('generated is up to date.');
  });
});
