/**
 * `npm run db:migrate`: applies pending db/migrations/*.sql to the database (PostgreSQL
 * from DATABASE_URL, else the PGlite folder DATA_DIR, default .data), records them in
 * schema_migrations, then applies the seed rows of db/schema.sql. Re-running is a no-op.
 * Safe to run from several replicas at once on PostgreSQL (advisory lock).
 *
 * `npm run db:migrate -- --draft NAME` instead writes db/migrations/NNNN_NAME.sql: the
 * drafted ALTERs from the current migrations to the current db/schema.sql, for review
 * (docs/database.md, "Changing the schema"). It touches no database.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { withPgClient } from './with-pg-client.js';
import {
  migrate,
  pgClientSession,
  pgliteSession,
  readDefaultInputs,
  type MigrateResult,
} from '../app/db/migrate.js';
import { draftMigration } from '../generators/ddl/draft-migration.js';

export async function runMigrate(opts: {
  root: string;
  databaseUrl?: string;
  dataDir?: string;
}): Promise<MigrateResult> {
  const inputs = await readDefaultInputs(opts.root);
  if (opts.databaseUrl) {
    return withPgClient(opts.databaseUrl, (client) =>
      migrate(pgClientSession(client), { ...inputs, lock: true }),
    );
  }
  const dir = path.resolve(opts.dataDir ?? '.data');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir });
  try {
    return await migrate(pgliteSession(db), inputs);
  } finally {
    await db.close();
  }
}

async function writeDraft(root: string, name: string): Promise<number> {
  const draft = await draftMigration({
    migrationsDir: path.join(root, 'db/migrations'),
    schemaPath: path.join(root, 'db/schema.sql'),
    name,
    scratchDir: path.join(root, '.tmp', `draft-${process.pid}`),
  });
  if (!draft.fileName) {
    process.stdout.write(
      'db:migrate --draft: db/migrations already produce db/schema.sql; nothing to draft\n',
    );
    return 0;
  }
  const file = path.join(root, 'db/migrations', draft.fileName);
  if (existsSync(file)) throw new Error(`${path.relative(root, file)} exists already`);
  await writeFile(file, draft.contents);
  process.stdout.write(
    `db:migrate --draft: wrote ${path.relative(root, file)} (${draft.statements.length} statements)\n` +
      (draft.residual.length
        ? `  still to write by hand (listed as TODO in the file): ${draft.residual.length} difference(s)\n`
        : '  verified: migrations + draft reproduce db/schema.sql\n'),
  );
  return 0;
}

const usage =
  'Usage: npm run db:migrate [-- --draft NAME]   (DATABASE_URL or DATA_DIR selects the database)';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { draft: { type: 'string' } } }));
  } catch (err) {
    // A usage error is exit 2 with one line, like spec-suite and db:check; never a stack trace.
    process.stderr.write(`db:migrate: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.DATA_DIR || '.data';
  try {
    if (values.draft) return await writeDraft(process.cwd(), values.draft);
    const r = await runMigrate({ root: process.cwd(), databaseUrl, dataDir });
    const where = databaseUrl ? 'DATABASE_URL' : `PGlite folder ${dataDir}`;
    process.stdout.write(
      `db:migrate (${where}): ${r.applied.length ? `applied ${r.applied.join(', ')}` : 'up to date'}` +
        ` (${r.alreadyApplied.length} already applied); ${r.seedStatements} seed statements applied\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`db:migrate failed: ${(err as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
