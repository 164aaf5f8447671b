/**
 * The I/O side of `spec-suite diff`: reading the revision, materialising the base from a
 * file or a git revision (the spec's folder at that ref, so relative `$ref`s resolve), and
 * reading the ignore file. Both versions go through the same `loadApi` as `gen`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApiIR } from '../openapi/ir.js';
import { loadApi } from '../openapi/load.js';

const git = (cwd: string, args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });

export type BaseSource = { kind: 'file'; file: string } | { kind: 'git'; ref: string };

/** A path that exists is a file; anything else is a git revision. */
export function classifyBase(base: string, cwd: string): BaseSource {
  return existsSync(path.resolve(cwd, base))
    ? { kind: 'file', file: base }
    : { kind: 'git', ref: base };
}

export interface LoadedBase {
  ir?: ApiIR;
  /** Why there is nothing to compare against (the spec did not exist at that ref). */
  missing?: string;
}

export async function loadBase(
  source: BaseSource,
  revisionFile: string,
  cwd: string,
): Promise<LoadedBase> {
  if (source.kind === 'file') return { ir: await loadApi(source.file, { cwd }) };
  const absolute = path.resolve(cwd, revisionFile);
  const specDir = path.dirname(absolute);
  const root = git(specDir, ['rev-parse', '--show-toplevel']).trim();
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${source.ref}^{commit}`]);
  } catch {
    throw new Error(`--base ${source.ref}: neither a file nor a git revision`);
  }
  try {
    git(root, ['cat-file', '-e', `${source.ref}:${rel}`]);
  } catch {
    return { missing: `${rel} does not exist at ${source.ref}` };
  }
  const relDir = path.posix.dirname(rel);
  const listed = git(root, [
    'ls-tree',
    '-r',
    '--name-only',
    source.ref,
    '--',
    relDir === '.' ? rel : relDir,
  ])
    .split('\n')
    .filter((f) => f === rel || /\.(ya?ml|json)$/i.test(f));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'spec-diff-base-'));
  try {
    for (const file of listed) {
      const target = path.join(tmp, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(
        target,
        execFileSync('git', ['show', `${source.ref}:${file}`], { cwd: root, maxBuffer: 1 << 28 }),
      );
    }
    return { ir: await loadApi(path.join(tmp, rel), { sourcePath: `${source.ref}:${rel}` }) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function loadRevision(file: string, cwd: string): Promise<ApiIR> {
  return loadApi(file, { cwd });
}

export async function readOptional(file: string, cwd: string): Promise<string | undefined> {
  const abs = path.resolve(cwd, file);
  return existsSync(abs) ? readFile(abs, 'utf8') : undefined;
}
