import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slowSuites, testTier } from './tiers.js';

const root = path.resolve(import.meta.dirname, '..');

describe('test tiers', () => {
  it('every slow suite exists, so a renamed file cannot leave the slow tier empty-handed', () => {
    const missing = slowSuites.filter((f) => !existsSync(path.join(root, f)));
    expect(missing).toEqual([]);
    expect(new Set(slowSuites).size).toBe(slowSuites.length);
  });

  it('reads TEST_TIER, fast by default, and refuses anything else', () => {
    expect(testTier(undefined)).toBe('fast');
    expect(testTier('')).toBe('fast');
    expect(testTier('slow')).toBe('slow');
    expect(testTier('all')).toBe('all');
    expect(() => testTier('quick')).toThrow(/fast, slow or all/);
  });
});
