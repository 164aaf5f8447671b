/** The corpus run's pure helpers (the run itself is `npm run test:corpus`, not in CI). */
import { describe, expect, it } from 'vitest';
import { syntaxErrors } from './corpus-worker.js';
import { failureClass, sampleOf, tscErrorsBySlug } from './corpus.js';

describe('corpus helpers', () => {
  it('groups failures by message with names, pointers and numbers masked', () => {
    expect(failureClass('x.json: bad ref "#/a" at #/paths/~1b/get (3 times)\nstack')).toBe(
      'bad ref <s> at <ptr> (N times)',
    );
  });

  it('samples every k-th document, the same on every run', () => {
    const docs = Array.from({ length: 10 }, (_, i) => `d${i}`);
    expect(sampleOf(docs, 3)).toEqual(['d0', 'd3', 'd6']);
    expect(sampleOf(docs, 20)).toEqual(docs);
  });

  it('reports emitted TypeScript that does not parse', () => {
    expect(syntaxErrors([{ path: 'a.ts', contents: 'const a = 1;' }])).toEqual([]);
    expect(syntaxErrors([{ path: 'a.ts', contents: 'const a = ;' }])).toEqual([
      'a.ts: Expression expected.',
    ]);
    expect(syntaxErrors([{ path: 'a.json', contents: '{' }])).toEqual([]);
  });

  it('splits a batch tsc output per document folder', () => {
    const out = tscErrorsBySlug(
      'full/a-json/generated/x.ts(1,2): error TS1\nfull/b-json/boot.ts(3,4): error TS2\n',
      ['a-json', 'b-json', 'c-json'],
    );
    expect([...out.keys()]).toEqual(['a-json', 'b-json']);
  });
});
