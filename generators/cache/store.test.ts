/**
 * The stage cache: a hit returns what was stored, and every way an entry can be wrong
 * (edited, truncated, unparseable, unreadable directory) only costs a recomputation.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedStage, keyText, withCache } from './context.js';
import { cached, defaultCacheDir, readCache, writeCache } from './store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spec-suite-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A compute function that counts its calls. */
function counter(value: unknown) {
  const fn = async () => {
    fn.calls++;
    return value;
  };
  fn.calls = 0;
  return fn;
}

const entries = (store: { dir: string }, stage: string) =>
  readdirSync(path.join(store.dir, stage)).map((n) => path.join(store.dir, stage, n));

describe('stage cache store', () => {
  it('lives under the nearest node_modules, in .cache/spec-suite', () => {
    expect(defaultCacheDir()).toMatch(/node_modules[/\\]\.cache[/\\]spec-suite$/);
  });

  it('computes once per key and returns the stored value afterwards', async () => {
    const store = { dir: path.join(dir, 'once') };
    const compute = counter({ files: ['a', 'b'] });
    expect(await cached(store, 's', 'k1', compute)).toEqual({ files: ['a', 'b'] });
    expect(await cached(store, 's', 'k1', compute)).toEqual({ files: ['a', 'b'] });
    expect(compute.calls).toBe(1);
    await cached(store, 's', 'k2', compute);
    expect(compute.calls).toBe(2);
  });

  it('recomputes and replaces a stored value `stillValid` refuses', async () => {
    const store = { dir: path.join(dir, 'valid') };
    await writeCache(store, 's', 'k', { version: 1 });
    const compute = counter({ version: 2 });
    const current = async (v: unknown) => (v as { version: number }).version === 2;
    expect(await cached(store, 's', 'k', compute, current)).toEqual({ version: 2 });
    expect(await cached(store, 's', 'k', compute, current)).toEqual({ version: 2 });
    expect(compute.calls).toBe(1);
  });

  it('recomputes, without failing, an entry that was edited, truncated or is not JSON', async () => {
    const store = { dir: path.join(dir, 'corrupt') };
    await writeCache(store, 's', 'k', 'the real value');
    const [file] = entries(store, 's');
    const good = readFileSync(file!, 'utf8');
    for (const bad of [
      good.replace('the real value', 'a wrong value!'),
      good.slice(0, good.length - 3),
      good.replace(/\n[^\n]*$/, '\n{not json'),
      '',
    ]) {
      writeFileSync(file!, bad);
      expect(readCache(store, 's', 'k')).toBeUndefined();
      const compute = counter('recomputed');
      expect(await cached(store, 's', 'k', compute)).toBe('recomputed');
      expect(compute.calls).toBe(1);
      expect(readCache(store, 's', 'k')).toBe('recomputed');
    }
  });

  it('still computes when the cache directory cannot be written', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const compute = counter(42);
    expect(await cached({ dir: blocker }, 's', 'k', compute)).toBe(42);
    expect(await cached({ dir: blocker }, 's', 'k', compute)).toBe(42);
    expect(compute.calls).toBe(2);
  });

  it('keeps at most 64 entries per stage, dropping the least recently used', async () => {
    const store = { dir: path.join(dir, 'prune') };
    for (let i = 0; i < 64; i++) await writeCache(store, 's', `k${i}`, i);
    expect(entries(store, 's')).toHaveLength(64);
    // Past the limit, down to 7/8 of it (56), so the next writes do not prune again at once.
    for (let i = 64; i < 70; i++) await writeCache(store, 's', `k${i}`, i);
    expect(entries(store, 's')).toHaveLength(56 + 5);
    expect(readCache(store, 's', 'k69')).toBe(69);
    expect(readCache(store, 's', 'k64')).toBe(64);
    expect(readCache(store, 's', 'k0')).toBeUndefined();
  });

  it('keeps thousands for the per-statement-group prettier stage, and prunes it past them', async () => {
    const store = { dir: path.join(dir, 'groups') };
    for (let i = 0; i < 70; i++) await writeCache(store, 'prettier-group', `k${i}`, i);
    expect(entries(store, 'prettier-group')).toHaveLength(70);
    // Entries written by another process count too: this one counted them on its first write.
    const other = { dir: path.join(dir, 'prune-other') };
    mkdirSync(path.join(other.dir, 's'), { recursive: true });
    for (let i = 0; i < 64; i++) writeFileSync(path.join(other.dir, 's', `x${i}.json`), '');
    await writeCache(other, 's', 'mine', 1);
    expect(entries(other, 's')).toHaveLength(56);
    expect(readCache(other, 's', 'mine')).toBe(1);
  });
});

describe('cache keys', () => {
  it('keep apart values JSON.stringify would merge', () => {
    const pairs: [unknown, unknown][] = [
      [{ a: undefined }, {}],
      [[NaN], [null]],
      [[Infinity], [null]],
      [[new Date(0)], [new Date(0).toISOString()]],
      [
        { a: 1, b: 2 },
        { a: 1, b: 3 },
      ],
    ];
    for (const [x, y] of pairs) expect(keyText(x)).not.toBe(keyText(y));
    expect(keyText({ a: [1, 'x', null] })).toBe(keyText({ a: [1, 'x', null] }));
  });

  it('refuse what they cannot serialise faithfully; the stage then runs uncached', async () => {
    expect(() => keyText({ f: () => 1 })).toThrow(/function/);
    expect(() => keyText({ m: new Map() })).toThrow(/Map/);
    const store = { dir: path.join(dir, 'unkeyable') };
    const compute = counter('fresh');
    const run = () => withCache(store, () => cachedStage('s', { m: new Map() }, compute));
    expect(await run()).toBe('fresh');
    expect(await run()).toBe('fresh');
    expect(compute.calls).toBe(2);
  });

  it('cache a stage only inside withCache', async () => {
    const compute = counter('v');
    await cachedStage('s', 'input', compute);
    await cachedStage('s', 'input', compute);
    expect(compute.calls).toBe(2);
    const store = { dir: path.join(dir, 'scoped') };
    await withCache(store, () => cachedStage('s', 'input', compute));
    await withCache(store, () => cachedStage('s', 'input', compute));
    expect(compute.calls).toBe(3);
  });
});
