/**
 * Reading db/schema.sql as text: split it into DDL and seed, and read the permission codes
 * the way the spec linter does (textually, without a database), so a test can prove the
 * textual reading and the loaded database agree.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCHEMA_PATH = fileURLToPath(new URL('../../db/schema.sql', import.meta.url));

export function readSchema(path = SCHEMA_PATH): string {
  return readFileSync(path, 'utf8');
}

/** The seed starts at the first top-level `INSERT INTO`; everything before it is DDL. */
export function splitSchema(text: string): { ddl: string; seed: string } {
  const match = /^INSERT INTO /m.exec(text);
  if (!match) throw new Error('db/schema.sql has no seed INSERT');
  const ddl = text.slice(0, match.index);
  const seed = text.slice(match.index);
  if (/^\s*CREATE /im.test(seed)) throw new Error('db/schema.sql: DDL after the seed rows');
  return { ddl, seed };
}

/**
 * The first single-quoted literal of each parenthesised tuple of `INSERT INTO <table> ... VALUES`,
 * up to its `ON CONFLICT`. Quotes are SQL-style (`''` escapes a quote); parentheses inside
 * literals do not count.
 */
export function firstLiteralsOfInsert(text: string, table: string): string[] {
  const head = new RegExp(`^INSERT INTO ${table} \\([^)]*\\) VALUES`, 'm').exec(text);
  if (!head) throw new Error(`no INSERT INTO ${table} in the seed`);
  const end = text.indexOf('ON CONFLICT', head.index);
  const body = text.slice(head.index + head[0].length, end === -1 ? undefined : end);
  const out: string[] = [];
  let depth = 0;
  let wantFirst = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= body.length) throw new Error(`unterminated literal in INSERT INTO ${table}`);
        if (body[j] === "'" && body[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (body[j] === "'") break;
        else value += body[j++];
      }
      if (wantFirst) out.push(value);
      wantFirst = false;
      i = j;
    } else if (ch === '(') {
      depth++;
      wantFirst = depth === 1;
    } else if (ch === ')') {
      depth--;
    }
  }
  return out;
}
