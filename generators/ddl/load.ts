/**
 * DDL text → a running in-memory Postgres (PGlite) holding it. The only I/O the
 * generator needs before introspection: no server, no socket, no network.
 */
import type { Extensions, PGlite } from '@electric-sql/pglite';
import { createEmptyPglite } from './pglite-template.js';

/**
 * PGlite ships contrib extensions as separate modules that must be registered at start;
 * `CREATE EXTENSION x` in the DDL picks the ones listed here.
 */
const CONTRIB: Record<string, () => Promise<Extensions[string]>> = {
  citext: async () => (await import('@electric-sql/pglite/contrib/citext')).citext,
  pg_trgm: async () => (await import('@electric-sql/pglite/contrib/pg_trgm')).pg_trgm,
  pgcrypto: async () => (await import('@electric-sql/pglite/contrib/pgcrypto')).pgcrypto,
  'uuid-ossp': async () => (await import('@electric-sql/pglite/contrib/uuid_ossp')).uuid_ossp,
  btree_gin: async () => (await import('@electric-sql/pglite/contrib/btree_gin')).btree_gin,
  btree_gist: async () => (await import('@electric-sql/pglite/contrib/btree_gist')).btree_gist,
  hstore: async () => (await import('@electric-sql/pglite/contrib/hstore')).hstore,
  ltree: async () => (await import('@electric-sql/pglite/contrib/ltree')).ltree,
  unaccent: async () => (await import('@electric-sql/pglite/contrib/unaccent')).unaccent,
};

/** Extension names a DDL text asks for, in order of appearance. */
export function requestedExtensions(ddl: string): string[] {
  const names = new Set<string>();
  const re = /create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi;
  for (const m of ddl.matchAll(re)) names.add(m[1]!.toLowerCase());
  return [...names];
}

export async function pgliteExtensionsFor(ddl: string): Promise<Extensions> {
  const extensions: Extensions = {};
  for (const name of requestedExtensions(ddl)) {
    const load = CONTRIB[name];
    if (!load) throw new Error(`DDL needs extension "${name}", which PGlite cannot load here`);
    extensions[name.replace(/-/g, '_')] = await load();
  }
  return extensions;
}

export class DdlLoadError extends Error {
  override name = 'DdlLoadError';
}

/** A fresh in-memory PGlite with the DDL applied. The caller closes it. */
export async function loadDdl(ddl: string, sourceLabel: string): Promise<PGlite> {
  const db = await createEmptyPglite(await pgliteExtensionsFor(ddl));
  try {
    await db.exec(ddl);
  } catch (err) {
    await db.close();
    const e = err as { message?: string; position?: string };
    const where = e.position ? ` at ${lineAndColumn(ddl, Number(e.position))}` : '';
    throw new DdlLoadError(`${sourceLabel}${where}: ${e.message ?? String(err)}`);
  }
  return db;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, Math.max(0, position - 1));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
