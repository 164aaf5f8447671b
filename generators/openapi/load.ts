/**
 * The only producer of ApiIR: read (YAML or JSON), bundle external `$ref`s with Redocly's
 * bundler, then normalise (pure, see normalise/). Relative `$ref`s resolve against the
 * spec file's folder.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cachedStage, keyText } from '../cache/context.js';
import { sha256 } from '../cache/store.js';
import type { ApiIR } from './ir.js';
import { normaliseDocument } from './normalise/document.js';

export interface LoadOptions {
  /** What file headers name as the source; default: specPath relative to `cwd`. */
  sourcePath?: string;
  cwd?: string;
}

// Its CommonJS build, through require: as ESM it loads through a TypeScript loader's hooks
// (~0.3 s more per run). openapi-typescript (print-types.ts) requires the same instance.
const require = createRequire(import.meta.url);

export async function loadApi(specPath: string, opts: LoadOptions = {}): Promise<ApiIR> {
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, specPath);
  const parsed = await bundledDocument(absolute, specPath);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${specPath}: not an OpenAPI document (expected an object at the top level)`);
  }
  const sourcePath = opts.sourcePath ?? path.relative(cwd, absolute).split(path.sep).join('/');
  return normaliseDocument(parsed as Record<string, unknown>, sourcePath);
}

/** A bundled document, with what it was made from beyond the entry file. */
interface Bundled {
  document: unknown;
  /** Every other file the bundle read (external `$ref`s), with its sha256 then. */
  refs: Array<{ file: string; sha256: string }>;
  /** False when the document holds what JSON does not (a `!!binary` value, `.nan`). */
  plain: boolean;
}

/**
 * The bundle through the run's cache (cache/context.ts). Loading Redocly's bundler alone
 * takes ~0.3 s, so an unchanged spec is answered without it: the entry's text is the key,
 * and a stored bundle is used only while every file its `$ref`s reached is unchanged.
 */
export async function bundledDocument(absolute: string, specPath: string): Promise<unknown> {
  let entry: string;
  try {
    entry = await readFile(absolute, 'utf8');
  } catch {
    return (await bundleSpec(absolute, specPath)).document; // Redocly's error names the file
  }
  const bundled = await cachedStage(
    'openapi-bundle',
    [absolute, entry],
    () => bundleSpec(absolute, specPath),
    async (stored) =>
      stored.plain &&
      (await Promise.all(stored.refs.map(async (r) => (await fileSha(r.file)) === r.sha256))).every(
        Boolean,
      ),
  );
  return bundled.document;
}

const fileSha = (file: string) => readFile(file, 'utf8').then(sha256, () => undefined);

async function bundleSpec(absolute: string, specPath: string): Promise<Bundled> {
  const { bundle, createConfig } =
    require('@redocly/openapi-core') as typeof import('@redocly/openapi-core');
  const config = await createConfig({});
  const result = await bundle({ ref: absolute, config, dereference: false });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const lines = errors
      .slice(0, 10)
      .map((p) => `  - ${p.message}${p.location[0] ? ` at ${p.location[0].pointer}` : ''}`);
    throw new Error(`${specPath}: cannot bundle OpenAPI document:\n${lines.join('\n')}`);
  }
  const others = [...result.fileDependencies].filter((f) => path.resolve(f) !== absolute).sort();
  const refs = await Promise.all(
    others.map(async (file) => ({ file, sha256: (await fileSha(file)) ?? '' })),
  );
  // keyText marks (or refuses) exactly what JSON would lose or change.
  let plain: boolean;
  try {
    plain = keyText(result.bundle.parsed) === JSON.stringify(result.bundle.parsed);
  } catch {
    plain = false;
  }
  return { document: result.bundle.parsed, refs, plain };
}
