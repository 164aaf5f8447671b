/**
 * Which cache a generator stage uses, without threading it through every emitter: `runGen`
 * runs inside `withCache`, and stages ask `cachedStage`. Outside a run (an emitter called
 * on its own, as unit tests do) nothing is cached.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { toolkitFingerprint } from './fingerprint.js';
import { cached, type CacheStore } from './store.js';

const current = new AsyncLocalStorage<CacheStore>();

/** Runs `fn` with stages cached in `store` (none when undefined). */
export function withCache<T>(store: CacheStore | undefined, fn: () => Promise<T>): Promise<T> {
  return store ? current.run(store, fn) : fn();
}

/**
 * `compute()`'s result, from the active cache when an entry for `input` exists. `input`
 * must hold everything the result depends on apart from the toolkit's code and installed
 * packages, which the key adds (fingerprint.ts). The result must be plain JSON. A result
 * that also depends on inputs only its computation finds (the files a spec's `$ref`s
 * reach) passes `stillValid`: a stored result it refuses is recomputed and replaced.
 */
export async function cachedStage<T>(
  stage: string,
  input: unknown,
  compute: () => Promise<T>,
  stillValid?: (stored: T) => Promise<boolean>,
): Promise<T> {
  const store = current.getStore();
  if (!store) return compute();
  let key: string;
  try {
    key = keyText([toolkitFingerprint(), input]);
  } catch {
    return compute(); // an input with no faithful key (a cycle, a class instance) is not cached
  }
  return cached(store, stage, key, compute, stillValid);
}

/**
 * JSON of `value` that keeps apart what JSON.stringify would merge (an undefined property
 * and a missing one, NaN and null, a Date and its ISO string): two inputs share a key only
 * when a stage cannot tell them apart.
 */
export function keyText(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    if (raw === undefined) return { '\u0000undefined': true };
    if (typeof raw === 'number' && !Number.isFinite(raw)) return { '\u0000number': String(raw) };
    if (typeof raw === 'bigint') return { '\u0000bigint': String(raw) };
    if (raw instanceof Date) return { '\u0000date': raw.getTime() };
    if (typeof raw === 'function' || typeof raw === 'symbol')
      throw new Error(`cache key: cannot serialise a ${typeof raw} at ${JSON.stringify(k)}`);
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const proto = Object.getPrototypeOf(raw) as unknown;
      if (proto !== Object.prototype && proto !== null)
        throw new Error(
          `cache key: cannot serialise a ${raw.constructor?.name} at ${JSON.stringify(k)}`,
        );
    }
    return v;
  });
}
