/**
 * The only producer of ApiIR: read (YAML or JSON), bundle external `$ref`s with Redocly's
 * bundler, then normalise (pure, see normalise/). Relative `$ref`s resolve against the
 * spec file's folder.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
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
  const { bundle, createConfig } =
    require('@redocly/openapi-core') as typeof import('@redocly/openapi-core');
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, specPath);
  const config = await createConfig({});
  const result = await bundle({ ref: absolute, config, dereference: false });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const lines = errors
      .slice(0, 10)
      .map((p) => `  - ${p.message}${p.location[0] ? ` at ${p.location[0].pointer}` : ''}`);
    throw new Error(`${specPath}: cannot bundle OpenAPI document:\n${lines.join('\n')}`);
  }
  const parsed = result.bundle.parsed as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${specPath}: not an OpenAPI document (expected an object at the top level)`);
  }
  const sourcePath = opts.sourcePath ?? path.relative(cwd, absolute).split(path.sep).join('/');
  return normaliseDocument(parsed as Record<string, unknown>, sourcePath);
}
