/**
 * The DDL stage through the run's cache (cache/context.ts): its outputs depend only on the
 * DDL text, its label and the toolkit as installed (PGlite, kysely-codegen, our code). A
 * hit skips loading PGlite and kysely-codegen. Formatting, cached on its own, happens here
 * with the other outputs (on the run's formatting worker).
 */
import { readFile } from 'node:fs/promises';
import { cachedStage } from '../cache/context.js';
import { formatFiles, type GeneratedFile } from '../emit/files.js';

/**
 * Starts the stage and resolves once it is under way (its modules loaded on a miss), with
 * its result still to come: PGlite's work then interleaves with the caller's, and the DDL
 * outputs are formatted while the OpenAPI stage still runs instead of after it.
 */
export async function startDdlCached(opts: {
  ddlPath: string;
  sourceLabel: string;
}): Promise<{ files: Promise<GeneratedFile[]> }> {
  const ddl = await readFile(opts.ddlPath, 'utf8');
  let started!: () => void;
  const underWay = new Promise<void>((resolve) => (started = resolve));
  const sources = cachedStage('ddl', [opts.sourceLabel, ddl], async () => {
    // Lazy: the DDL side boots PGlite, which OpenAPI-only runs and cache hits do not pay for.
    const { ddlSources } = await import('./index.js').finally(started);
    return (await ddlSources({ ...opts, ddl })).files;
  });
  const files = sources.then(formatFiles);
  files.catch(() => {}); // the caller awaits it; no unhandled rejection meanwhile
  await Promise.race([
    underWay,
    sources.then(
      () => {},
      () => {},
    ),
  ]);
  return { files };
}
