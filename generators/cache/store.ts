/**
 * A content-addressed cache of generator stage results under
 * `<node_modules>/.cache/spec-suite/<stage>/`. An entry is found by the sha256 of its key,
 * and its key must name everything the result depends on (see fingerprint.ts); a missing,
 * unreadable, corrupt or unwritable entry only costs the recomputation.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entries kept per stage; older ones (by last use) are removed when a new one is written. */
const MAX_ENTRIES = 64;
/** Stages that keep many small entries (one per statement group of a generated file). */
const STAGE_MAX_ENTRIES: Record<string, number> = { 'prettier-group': 4096 };
/** Results larger than this (a huge public spec's types) are recomputed, not stored. */
const MAX_BYTES = 4_000_000;
/** And at most this much per stage. */
const MAX_STAGE_BYTES = 64_000_000;

export interface CacheStore {
  readonly dir: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** `<nearest node_modules above the toolkit>/.cache/spec-suite`, or undefined outside one. */
export function defaultCacheDir(from = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = path.dirname(from); ;) {
    const candidate = path.join(dir, 'node_modules');
    if (existsSync(candidate)) return path.join(candidate, '.cache', 'spec-suite');
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const entryPath = (store: CacheStore, stage: string, key: string) =>
  path.join(store.dir, stage, `${sha256(key)}.json`);

/**
 * The stored value for `key`, or undefined (absent, unreadable or failing its checksum).
 * Synchronous on purpose: a miss is known at once, so its computation (e.g. a job for the
 * formatting worker) starts before the main thread turns to other work.
 */
export function readCache<T>(store: CacheStore, stage: string, key: string): T | undefined {
  const file = entryPath(store, stage, key);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // `<key sha>\n<body sha>\n<body>`: a truncated or edited file fails the body checksum.
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const body = text.slice(second + 1);
  if (
    first < 0 ||
    second < 0 ||
    text.slice(0, first) !== sha256(key) ||
    text.slice(first + 1, second) !== sha256(body)
  )
    return undefined;
  try {
    const value = JSON.parse(body) as T;
    try {
      const now = new Date();
      utimesSync(file, now, now); // last use, for pruning
    } catch {
      // A read-only cache still serves hits.
    }
    return value;
  } catch {
    return undefined;
  }
}

/** Stores `value` (JSON) under `key`; failures are ignored (a read-only install). */
export async function writeCache(
  store: CacheStore,
  stage: string,
  key: string,
  value: unknown,
): Promise<void> {
  const body = JSON.stringify(value);
  if (body.length > MAX_BYTES) return;
  const file = entryPath(store, stage, key);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // Write-then-rename: parallel processes (test workers, a watch run) may race here.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, `${sha256(key)}\n${sha256(body)}\n${body}`);
    await rename(tmp, file).catch(async (err: unknown) => {
      await rm(tmp, { force: true });
      throw err;
    });
    await pruneIfFull(path.dirname(file), file, STAGE_MAX_ENTRIES[stage] ?? MAX_ENTRIES);
  } catch {
    // Not cached: the next run recomputes.
  }
}

/** Entries per stage directory as far as this process knows (counted on its first write). */
const counts = new Map<string, number>();

/**
 * Prunes `dir` when it may hold more than `limit` entries, down to 7/8 of it: listing and
 * stat-ing every entry on each write cost seconds once a stage kept thousands
 * (prettier-group), and pruning to the limit itself would prune again on the next write.
 */
async function pruneIfFull(dir: string, keep: string, limit: number): Promise<void> {
  const known = counts.get(dir);
  // An overwritten key counts twice here; the prune below then recounts.
  let n = known === undefined ? await countEntries(dir) : known + 1;
  if (n > limit) n = await prune(dir, keep, Math.floor((limit * 7) / 8));
  counts.set(dir, n);
}

const countEntries = async (dir: string) =>
  (await readdir(dir)).filter((n) => n.endsWith('.json')).length;

/**
 * Drops the least recently used entries beyond `limit` or MAX_STAGE_BYTES, never `keep`
 * (just written). Returns how many are left.
 */
async function prune(dir: string, keep: string, limit: number): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const aged = await Promise.all(
    names.map(async (n) => {
      const s = await stat(path.join(dir, n)).catch(() => undefined);
      return { file: path.join(dir, n), used: s?.mtimeMs ?? 0, size: s?.size ?? 0 };
    }),
  );
  // Newest first; `keep` counts as the newest whatever its timestamp.
  aged.sort((a, b) => (b.file === keep ? 1 : 0) - (a.file === keep ? 1 : 0) || b.used - a.used);
  let bytes = 0;
  let left = 0;
  for (const [i, entry] of aged.entries()) {
    bytes += entry.size;
    if (entry.file !== keep && (i >= limit || bytes > MAX_STAGE_BYTES))
      await rm(entry.file, { force: true });
    else left++;
  }
  return left;
}

/** `compute()`'s result for `key`, from the store when present and `stillValid` (if given) accepts it; stores what it computes. */
export async function cached<T>(
  store: CacheStore | undefined,
  stage: string,
  key: string,
  compute: () => Promise<T>,
  stillValid?: (stored: T) => Promise<boolean>,
): Promise<T> {
  if (!store) return compute();
  const hit = readCache<T>(store, stage, key);
  if (hit !== undefined && (!stillValid || (await stillValid(hit)))) return hit;
  const value = await compute();
  await writeCache(store, stage, key, value);
  return value;
}
