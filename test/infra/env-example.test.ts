/**
 * `.env.example` names every setting the server reads: each variable of the README's
 * configuration table and each one the config code reads (app/config.ts and
 * app/auth/config.ts schemas, `env.X` reads in app/), so a new setting cannot ship
 * undocumented for compose users.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

const exampleKeys = new Set(
  read('.env.example')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((k): k is string => k !== undefined),
);

/** Backticked names in the first column of the README's "Configuration" table. */
function readmeKeys(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

/** Keys of the zod env schemas and `env.NAME` / `env['NAME']` reads in non-test app/ code. */
function codeKeys(): string[] {
  const keys = new Set<string>();
  for (const rel of ['app/config.ts', 'app/auth/config.ts']) {
    for (const m of read(rel).matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)) keys.add(m[1]!);
  }
  const files = readdirSync(path.join(ROOT, 'app'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  for (const f of files) {
    const text = read(path.join('app', f));
    for (const m of text.matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) keys.add(m[1]!);
  }
  return [...keys].sort();
}

describe('.env.example', () => {
  it('lists every variable of the README configuration table', () => {
    const keys = readmeKeys();
    expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !exampleKeys.has(k))).toEqual([]);
  });

  it('the README configuration table names every variable the config code reads', () => {
    const documented = new Set(readmeKeys());
    expect(codeKeys().filter((k) => !documented.has(k))).toEqual([]);
  });

  it('lists every variable the config code reads', () => {
    const keys = codeKeys();
    expect(keys).toContain('AUTH_PRIVATE_KEY');
    expect(keys.filter((k) => !exampleKeys.has(k))).toEqual([]);
  });
});
