/**
 * `npm run db:check`: does a live database match db/schema.sql? Loads the schema into a
 * fresh in-memory PGlite, introspects both with the same catalog queries, and prints
 * every difference (tables, columns, types, nullability, defaults, constraints,
 * indexes, enums, comments). Exit 0: identical; 1: differences; 2: could not check.
 *
 *   DATABASE_URL=postgres://... npm run db:check     # PostgreSQL
 *   DATA_DIR=.data npm run db:check                  # an embedded PGlite folder (server stopped)
 *   npm run db:check -- --schema other.sql --data-dir path
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { withPgClient } from './with-pg-client.js';
import {
  diffSchemas,
  formatDifference,
  type SchemaDifference,
} from '../generators/ddl/diff-schema.js';
import { introspect } from '../generators/ddl/introspect.js';
import type { DbSchema } from '../generators/ddl/ir.js';
import { loadDdl } from '../generators/ddl/load.js';

export interface DbCheckOptions {
  schemaPath: string;
  databaseUrl?: string;
  dataDir?: string;
}

export interface DbCheckResult {
  target: string;
  differences: SchemaDifference[];
  lines: string[];
  exitCode: 0 | 1;
}

export async function expectedSchema(schemaPath: string): Promise<DbSchema> {
  const ddl = await readFile(schemaPath, 'utf8');
  const db = await loadDdl(ddl, schemaPath);
  try {
    return await introspect((sql, params) => db.query(sql, params));
  } finally {
    await db.close();
  }
}

export async function liveSchema(opts: {
  databaseUrl?: string;
  dataDir?: string;
}): Promise<DbSchema> {
  if (opts.databaseUrl) {
    return withPgClient(opts.databaseUrl, (client) =>
      introspect((sql, params) => client.query(sql, params)),
    );
  }
  const dir = opts.dataDir!;
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Error(
      `${dir} is not a PGlite data folder (no PG_VERSION); start the app once or set DATABASE_URL`,
    );
  }
  const db = await PGlite.create({ dataDir: dir });
  try {
    return await introspect((sql, params) => db.query(sql, params));
  } finally {
    await db.close();
  }
}

export async function runDbCheck(opts: DbCheckOptions): Promise<DbCheckResult> {
  const target = opts.databaseUrl ? 'DATABASE_URL' : `PGlite folder ${opts.dataDir}`;
  const [expected, actual] = [await expectedSchema(opts.schemaPath), await liveSchema(opts)];
  const differences = diffSchemas(expected, actual);
  const lines = differences.length
    ? [
        `db:check: ${target} differs from ${opts.schemaPath} in ${differences.length} place(s):`,
        ...differences.map((d) => `  ${formatDifference(d)}`),
      ]
    : [
        `db:check: ${target} matches ${opts.schemaPath} (${expected.tables.length} tables, ${expected.enums.length} enums)`,
      ];
  return { target, differences, lines, exitCode: differences.length ? 1 : 0 };
}

const usage = 'Usage: npm run db:check [-- --schema FILE] [--data-dir DIR | --url postgres://...]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        schema: { type: 'string', default: 'db/schema.sql' },
        'data-dir': { type: 'string' },
        url: { type: 'string' },
      },
    }));
  } catch (err) {
    // A usage error is "could not check" (2), with one line instead of a stack trace.
    process.stderr.write(`db:check: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  const databaseUrl = values.url ?? (values['data-dir'] ? undefined : process.env.DATABASE_URL);
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? '.data';
  try {
    const result = await runDbCheck({ schemaPath: values.schema!, databaseUrl, dataDir });
    for (const l of result.lines)
      (result.exitCode ? process.stderr : process.stdout).write(`${l}\n`);
    return result.exitCode;
  } catch (err) {
    process.stderr.write(`db:check: could not check: ${(err as Error).message}\n`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
