/**
 * The migration files of db/migrations/: `NNNN_name.sql`, read in order with a checksum.
 * Shared by the server's migration runner (app/db/migrate.ts) and the toolkit's draft
 * writer (generators/ddl/draft-migration.ts), which may not import app/.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** `0001_baseline.sql`: four digits, a name, `.sql`. Anything else in the folder is ignored. */
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const seen = new Map<string, string>();
  const out: MigrationFile[] = [];
  for (const name of names) {
    const number = MIGRATION_FILE.exec(name)![1]!;
    if (seen.has(number)) {
      throw new MigrationError(`${name} and ${seen.get(number)} share the number ${number}`);
    }
    seen.set(number, name);
    const sql = await readFile(path.join(dir, name), 'utf8');
    out.push({ name, sql, checksum: sha256(sql) });
  }
  return out;
}
