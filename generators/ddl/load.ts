/**
 * DDL text → a running in-memory Postgres (PGlite) holding it. The only I/O the
 * generator needs before introspection: no server, no socket, no network.
 */
import type { Extensions, PGlite } from '@electric-sql/pglite';
import { createEmptyPglite } from './pglite-template.js';

/**
 * PGlite ships contrib extensions as separate modules that must be registered at start;
 * `CREATE EXTENSION x` in the DDL picks the ones listed here. Each is the module
 * `@electric-sql/pglite/contrib/<key>` exporting `<key>` (the name with `_` for `-`).
 */
const CONTRIB = new Set([
  'btree_gin',
  'btree_gist',
  'citext',
  'hstore',
  'ltree',
  'pg_trgm',
  'pgcrypto',
  'unaccent',
  'uuid-ossp',
]);

/** Extension names a DDL text asks for, in order of appearance. */
export function requestedExtensions(ddl: string): string[] {
  const names = new Set<string>();
  const re = /create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi;
  for (const m of ddl.matchAll(re)) names.add(m[1]!.toLowerCase());
  return [...names];
}

/** The contrib modules a DDL text needs: `key` is both the module's last segment and its export. */
export function contribModulesFor(ddl: string): Array<{ key: string; specifier: string }> {
  return requestedExtensions(ddl).map((name) => {
    if (!CONTRIB.has(name))
      throw new Error(`DDL needs extension "${name}", which PGlite cannot load here`);
    const key = name.replace(/-/g, '_');
    return { key, specifier: `@electric-sql/pglite/contrib/${key}` };
  });
}

export async function pgliteExtensionsFor(ddl: string): Promise<Extensions> {
  const extensions: Extensions = {};
  for (const { key, specifier } of contribModulesFor(ddl)) {
    const mod = (await import(specifier)) as Record<string, Extensions[string]>;
    extensions[key] = mod[key]!;
  }
  return extensions;
}

export class DdlLoadError extends Error {
  override name = 'DdlLoadError';
}

/** Postgres's error for a DDL statement, located in the DDL text (its `position` is 1-based). */
export function ddlLoadError(
  ddl: string,
  sourceLabel: string,
  err: { message?: string; position?: string | number },
): DdlLoadError {
  const where = err.position ? ` at ${lineAndColumn(ddl, Number(err.position))}` : '';
  return new DdlLoadError(`${sourceLabel}${where}: ${err.message ?? String(err)}`);
}

/** A fresh in-memory PGlite with the DDL applied. The caller closes it. */
export async function loadDdl(ddl: string, sourceLabel: string): Promise<PGlite> {
  const db = await createEmptyPglite(await pgliteExtensionsFor(ddl));
  try {
    await db.exec(ddl);
  } catch (err) {
    await db.close();
    throw ddlLoadError(ddl, sourceLabel, err as { message?: string; position?: string });
  }
  return db;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, Math.max(0, position - 1));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
