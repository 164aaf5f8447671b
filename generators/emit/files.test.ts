import { describe, expect, it } from 'vitest';
import { formatTs, formatTsBounded, PRETTIER_MAX_BYTES, setFormatting } from './files.js';

describe('formatTsBounded', () => {
  it('formats sources up to the limit', async () => {
    expect(await formatTsBounded('const a = {b:"c"}')).toBe("const a = { b: 'c' };\n");
  });

  it('returns larger sources as written (prettier on GitHub-sized files costs seconds)', async () => {
    const big = `const a = {b:"c"}\n${'//'.padEnd(99, '-')}\n`.repeat(PRETTIER_MAX_BYTES / 100 + 1);
    expect(big.length).toBeGreaterThan(PRETTIER_MAX_BYTES);
    expect(await formatTsBounded(big)).toBe(big);
  });
});

describe('setFormatting', () => {
  it('turns prettier off for bulk runs and back on', async () => {
    setFormatting(false);
    try {
      expect(await formatTs('const a = {b:"c"}')).toBe('const a = {b:"c"}');
    } finally {
      setFormatting(true);
    }
    expect(await formatTs('const a = {b:"c"}')).toBe("const a = { b: 'c' };\n");
  });
});
