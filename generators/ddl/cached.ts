/**
 * The DDL stage through the run's cache (cache/context.ts): its outputs depend only on the
 * DDL text, its label and the toolkit as installed (PGlite, kysely-codegen, our code). A
 * hit skips loading PGlite and kysely-codegen. Formatting, cached on its own, happens here
 * with the other outputs (on the run's formatting worker).
 */
import { readFile } from 'node:fs/promises';
import { cachedStage } from '../cache/context.js';
import { formatFiles, type GeneratedFile } from '../emit/files.js';

export async function generateDdlCached(opts: {
  ddlPath: string;
  sourceLabel: string;
}): Promise<GeneratedFile[]> {
  const ddl = await readFile(opts.ddlPath, 'utf8');
  const sources = await cachedStage('ddl', [opts.sourceLabel, ddl], async () => {
    // Lazy: the DDL side boots PGlite, which OpenAPI-only runs and cache hits do not pay for.
    const { ddlSources } = await import('./index.js');
    return (await ddlSources({ ...opts, ddl })).files;
  });
  return formatFiles(sources);
}
