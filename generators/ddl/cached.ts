/**
 * The DDL stage through the run's cache (cache/context.ts): its outputs depend only on the
 * DDL text, its label and the toolkit as installed (PGlite, kysely-codegen, our code). A
 * hit skips loading PGlite and kysely-codegen; a miss runs the stage on a worker thread
 * (worker.ts). Formatting, cached on its own, happens here with the other outputs.
 */
import { readFile } from 'node:fs/promises';
import { cachedStage } from '../cache/context.js';
import { formatFiles, type GeneratedFile } from '../emit/files.js';
import { ddlSourcesInWorker } from './worker.js';

export async function generateDdlCached(opts: {
  ddlPath: string;
  sourceLabel: string;
}): Promise<GeneratedFile[]> {
  const ddl = await readFile(opts.ddlPath, 'utf8');
  const sources = await cachedStage('ddl', [opts.sourceLabel, ddl], async () => {
    return ddlSourcesInWorker({ ...opts, ddl });
  });
  return formatFiles(sources);
}
