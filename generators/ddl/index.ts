/**
 * The DDL pipeline's entry point: DDL file → fresh PGlite → catalog → generated files.
 * Called by the CLI (`spec-suite gen --ddl FILE`, which `npm run gen` runs).
 */
import { readFile } from 'node:fs/promises';
import { formatFiles, generatedHeader, type GeneratedFile } from '../emit/files.js';
import { emitDrizzleSchema } from './emit-drizzle.js';
import { emitTypesAgree } from './emit-types-agree.js';
import { introspect } from './introspect.js';
import type { DbSchema } from './ir.js';
import { openDdlDatabase, type DdlDatabase } from './load-worker.js';

export interface DdlResult {
  files: GeneratedFile[];
  schema: DbSchema;
}

export interface DdlOptions {
  ddlPath: string;
  sourceLabel: string;
  /** The DDL text when the caller has read it already (it is not read again). */
  ddl?: string;
  /** The DDL already being loaded (`openDdlDatabase`), when the caller started it early. */
  db?: Promise<DdlDatabase>;
}

/**
 * Reads the DDL, loads it into PGlite, introspects it and emits every output, stamped but
 * not yet formatted (the DDL stage, ddl/cached.ts, formats them and caches the result).
 */
export async function ddlSources(opts: DdlOptions): Promise<DdlResult> {
  const ddl = opts.ddl ?? (await readFile(opts.ddlPath, 'utf8'));
  const opening = opts.db ?? openDdlDatabase(ddl, opts.sourceLabel);
  // kysely-codegen (~0.5 s to load) loads while PGlite starts on its worker thread.
  const kyselyModule = import('./emit-kysely.js');
  const [db, { emitKyselyTypes }] = await Promise.all([opening, kyselyModule]).catch(
    async (err: unknown) => {
      await opening.then((d) => d.close()).catch(() => {});
      throw err;
    },
  );
  try {
    const schema = await introspect((sql, params) => db.query(sql, params));
    const kysely = await emitKyselyTypes(db);
    const stamp = (generator: string, body: string) =>
      generatedHeader(opts.sourceLabel, generator) + body;
    const files: GeneratedFile[] = [
      { path: 'db/schema.ts', contents: stamp('ddl/drizzle', emitDrizzleSchema(schema)) },
      { path: 'db/kysely.ts', contents: stamp('ddl/kysely-codegen', kysely) },
      { path: 'db/types-agree.ts', contents: stamp('ddl/types-agree', emitTypesAgree(schema)) },
    ];
    return { files, schema };
  } finally {
    await db.close();
  }
}

export async function generateDdlWithSchema(opts: DdlOptions): Promise<DdlResult> {
  const { files, schema } = await ddlSources(opts);
  return { files: await formatFiles(files), schema };
}

export async function generateDdl(opts: DdlOptions): Promise<GeneratedFile[]> {
  return (await generateDdlWithSchema(opts)).files;
}

export type { DbSchema } from './ir.js';
