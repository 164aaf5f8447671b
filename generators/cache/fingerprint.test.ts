/**
 * The toolkit fingerprint changes with any generator or runtime file and any installed
 * package version, so no cache entry outlives the code or packages that computed it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFingerprint, toolkitFingerprint } from './fingerprint.js';

const root = mkdtempSync(path.join(tmpdir(), 'spec-suite-fingerprint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

describe('toolkit fingerprint', () => {
  it('changes with generator and runtime code, package versions and the installed tree', () => {
    put('package.json', JSON.stringify({ dependencies: { prettier: '^3' } }));
    put('generators/emit/a.ts', 'export const a = 1;');
    put('runtime/b.ts', 'export const b = 1;');
    put('node_modules/prettier/package.json', JSON.stringify({ version: '3.0.0' }));
    const seen = new Set([computeFingerprint(root)]);
    expect(computeFingerprint(root)).toBe([...seen][0]); // deterministic
    // Never imported by a run: tests and scratch folders.
    put('generators/emit/a.test.ts', 'test');
    put('generators/.tmp/run-1/x.ts', 'scratch');
    expect(computeFingerprint(root)).toBe([...seen][0]);
    const edits: [string, string][] = [
      ['generators/emit/a.ts', 'export const a = 2;'],
      ['generators/emit/new.ts', ''],
      ['runtime/b.ts', 'export const b = 2;'],
      ['node_modules/prettier/package.json', JSON.stringify({ version: '3.0.1' })],
      ['node_modules/.package-lock.json', '{"packages":{}}'],
    ];
    for (const [rel, text] of edits) {
      put(rel, text);
      const next = computeFingerprint(root);
      expect(seen.has(next), rel).toBe(false);
      seen.add(next);
    }
  });

  it('is computed once per process for the running toolkit', () => {
    expect(toolkitFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(toolkitFingerprint()).toBe(toolkitFingerprint());
  });
});
