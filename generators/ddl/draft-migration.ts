/**
 * Schema change → a draft migration for review. "Before" is every migration in
 * db/migrations applied to a fresh PGlite; "after" is db/schema.sql. Both are turned
 * into drizzle models by our own emitter, and drizzle-kit's `generateMigration` writes
 * the ALTERs between them. The draft is then proven: migrations + draft are applied to
 * another fresh PGlite and compared with db/schema.sql; whatever still differs is listed
 * at the top of the file as a TODO, so the reviewer sees exactly what is left to write by
 * hand. drizzle does not model comments, so `COMMENT ON` lines are drafted from the two
 * catalogs here (db/schema.sql documents its tables with them, and db:check compares them).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MigrationError,
  readMigrations,
  type MigrationFile,
} from '../../runtime/migration-files.js';
import { diffSchemas, formatDifference, type SchemaDifference } from './diff-schema.js';
import { emitDrizzleSchema } from './emit-drizzle.js';
import { introspect } from './introspect.js';
import type { DbSchema } from './ir.js';
import { loadDdl } from './load.js';
import { createEmptyPglite } from './pglite-template.js';

export interface DraftResult {
  /** Null when the migrations already produce the schema: nothing to draft. */
  fileName: string | null;
  contents: string;
  statements: string[];
  /** Differences the draft does not cover (empty when the draft is complete). */
  residual: SchemaDifference[];
}

async function schemaAfter(migrations: MigrationFile[]): Promise<DbSchema> {
  const pg = await createEmptyPglite();
  try {
    // A fresh database needs no ledger, lock or seed rows: each file in order is enough.
    for (const m of migrations) {
      await pg.exec(m.sql).catch((err: Error) => {
        throw new MigrationError(`${m.name} failed: ${err.message}`);
      });
    }
    return await introspect((sql, params) => pg.query(sql, params));
  } finally {
    await pg.close();
  }
}

/** drizzle-kit reads models from live modules, so the emitted text is imported from disk. */
async function drizzleSnapshots(before: DbSchema, after: DbSchema, scratch: string) {
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
  await mkdir(scratch, { recursive: true });
  try {
    const load = async (name: string, schema: DbSchema) => {
      const file = path.join(scratch, `${name}.ts`);
      await writeFile(file, emitDrizzleSchema(schema));
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    };
    const prev = generateDrizzleJson(await load('before', before));
    const cur = generateDrizzleJson(await load('after', after), prev.id);
    return await generateMigration(prev, cur);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const literal = (text: string | null) =>
  text === null ? 'NULL' : `'${text.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** COMMENT ON statements for every table or column whose comment `after` changes. Pure. */
export function commentStatements(before: DbSchema, after: DbSchema): string[] {
  const out: string[] = [];
  const old = new Map(before.tables.map((t) => [t.name, t]));
  for (const table of after.tables) {
    const prev = old.get(table.name);
    if ((prev?.comment ?? null) !== table.comment) {
      out.push(`COMMENT ON TABLE ${ident(table.name)} IS ${literal(table.comment)};`);
    }
    const prevColumns = new Map((prev?.columns ?? []).map((c) => [c.name, c]));
    for (const column of table.columns) {
      if ((prevColumns.get(column.name)?.comment ?? null) === column.comment) continue;
      out.push(
        `COMMENT ON COLUMN ${ident(table.name)}.${ident(column.name)} IS ${literal(column.comment)};`,
      );
    }
  }
  return out;
}

export async function draftMigration(opts: {
  migrationsDir: string;
  schemaPath: string;
  name: string;
  /** A folder inside the repository (module resolution must find drizzle-orm). */
  scratchDir: string;
}): Promise<DraftResult> {
  if (!/^[a-z0-9_]+$/.test(opts.name)) throw new Error('migration name: use a-z, 0-9 and _ only');
  const migrations = await readMigrations(opts.migrationsDir);
  const before = await schemaAfter(migrations);
  const ddl = await readFile(opts.schemaPath, 'utf8');
  const target = await loadDdl(ddl, opts.schemaPath);
  let after: DbSchema;
  try {
    after = await introspect((sql, params) => target.query(sql, params));
  } finally {
    await target.close();
  }
  if (diffSchemas(after, before).length === 0) {
    return { fileName: null, contents: '', statements: [], residual: [] };
  }
  const statements = [
    ...(await drizzleSnapshots(before, after, opts.scratchDir)),
    ...commentStatements(before, after),
  ];
  const next = String(
    migrations.length ? Number(migrations.at(-1)!.name.slice(0, 4)) + 1 : 1,
  ).padStart(4, '0');
  const fileName = `${next}_${opts.name}.sql`;
  const body = statements
    .map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`))
    .join('\n');
  const draft: MigrationFile = { name: fileName, sql: body, checksum: 'draft' };
  let residual: SchemaDifference[];
  try {
    residual = diffSchemas(after, await schemaAfter([...migrations, draft]));
  } catch (err) {
    residual = [
      { kind: 'draft', object: fileName, detail: `does not apply: ${(err as Error).message}` },
    ];
  }
  const header = [
    `-- Migration ${fileName}: DRAFT written by \`npm run db:migrate -- --draft ${opts.name}\``,
    '-- (drizzle-kit, from the models of db/migrations/* and of db/schema.sql). Review it: data',
    '-- backfills, renames (drafted as drop + add!) and locking are yours to decide.',
    ...(residual.length
      ? [
          '-- TODO: after this draft the database still differs from db/schema.sql:',
          ...residual.map((d) => `--   ${formatDifference(d)}`),
        ]
      : ['-- Checked: db/migrations + this draft reproduce db/schema.sql exactly.']),
    '',
  ];
  return { fileName, contents: `${header.join('\n')}${body}\n`, statements, residual };
}
