/**
 * The DDL stage through the run's cache (cache/context.ts): its files depend only on the
 * DDL text, its label, whether output is formatted, and the toolkit as installed (PGlite,
 * kysely-codegen, prettier, our code). A hit skips loading PGlite and kysely-codegen.
 */
import { readFile } from 'node:fs/promises';
import { cachedStage } from '../cache/context.js';
import { isFormatting, type GeneratedFile } from '../emit/files.js';

export async function generateDdlCached(opts: {
  ddlPath: string;
  sourceLabel: string;
}): Promise<GeneratedFile[]> {
  const ddl = await readFile(opts.ddlPath, 'utf8');
  return cachedStage('ddl', [opts.sourceLabel, isFormatting(), ddl], async () => {
    // Lazy: the DDL side boots PGlite, which OpenAPI-only runs and cache hits do not pay for.
    const { generateDdl } = await import('./index.js');
    return generateDdl({ ...opts, ddl });
  });
}
