/**
 * The DDL stage through the run's cache (cache/context.ts): its outputs depend only on the
 * DDL text, its label and the toolkit as installed (PGlite, kysely-codegen, prettier, our
 * code). The entry holds the files formatted, so a hit loads neither PGlite, nor
 * kysely-codegen, nor prettier.
 */
import { readFile } from 'node:fs/promises';
import { cachedStage } from '../cache/context.js';
import { formatFiles, type GeneratedFile } from '../emit/files.js';

/**
 * Starts the stage and resolves once it is under way (on a miss, PGlite starting on its
 * worker thread), with its result still to come: PGlite's work then runs beside the
 * caller's, and the DDL outputs are formatted while the OpenAPI side still runs.
 */
export async function startDdlCached(opts: {
  ddlPath: string;
  sourceLabel: string;
}): Promise<{ files: Promise<GeneratedFile[]> }> {
  const ddl = await readFile(opts.ddlPath, 'utf8');
  let started!: () => void;
  const underWay = new Promise<void>((resolve) => (started = resolve));
  const files = cachedStage('ddl', [opts.sourceLabel, ddl], async () => {
    // Lazy: the DDL side boots PGlite, which OpenAPI-only runs and cache hits do not pay for.
    // PGlite starts on its worker first; the rest of the stage loads while it does.
    const { openDdlDatabase } = await import('./load-worker.js').finally(started);
    const db = openDdlDatabase(ddl, opts.sourceLabel);
    db.catch(() => {}); // ddlSources awaits it
    const { ddlSources } = await import('./index.js');
    return formatFiles((await ddlSources({ ...opts, ddl, db })).files);
  });
  files.catch(() => {}); // the caller awaits it; no unhandled rejection meanwhile
  await Promise.race([
    underWay,
    files.then(
      () => {},
      () => {},
    ),
  ]);
  return { files };
}
