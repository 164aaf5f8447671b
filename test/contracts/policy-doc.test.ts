/**
 * specs/policy.md is cited by code, spec and schema; this keeps the citations honest:
 * every rule of MISSION §6 has a section with its four parts, every test file a section
 * names as proof exists, and every POL id used in the tree is defined.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const policy = readFileSync(join(ROOT, 'specs/policy.md'), 'utf8');

const REQUIRED = [
  ...['001', '002', '003', '004', '005', '006', '007'].map((n) => `POL-A-${n}`),
  'POL-R-001',
  ...['001', '002', '003', '004', '005', '006', '007'].map((n) => `POL-J-${n}`),
  // The matching module's rule, held to the same four parts.
  'POL-M-001',
  'POL-I-001',
  'POL-I-002',
  'POL-O-001',
  'POL-O-002',
];

/** `### POL-X-NNN — title` sections, in file order. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^### /m).slice(1);
  for (const part of parts) {
    const id = /^(POL-[A-Z]-\d{3})\b/.exec(part)?.[1];
    if (id) out.set(id, part);
  }
  return out;
}

const SCANNED_DIRS = [
  'app',
  'runtime',
  'generators',
  'openapi',
  'db',
  'spectral',
  'test',
  'scripts',
];
const SCANNED_EXT = /\.(ts|js|mjs|yaml|yml|sql|json)$/;

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (SCANNED_EXT.test(name)) yield path;
  }
}

describe('specs/policy.md', () => {
  const defined = sections(policy);

  it('defines every rule of MISSION §6, in order, each once', () => {
    expect([...defined.keys()]).toEqual(REQUIRED);
    for (const id of REQUIRED) expect(policy.split(`### ${id} `).length - 1, id).toBe(1);
  });

  it.each(REQUIRED)('%s states rule, rationale, enforcement and proof', (id) => {
    const body = defined.get(id) ?? '';
    for (const part of ['**Rule.**', '**Why.**', '**Enforced by.**', '**Proved by.**']) {
      expect(body, `${id} lacks ${part}`).toContain(part);
    }
  });

  it('names only test files that exist as proof', () => {
    const missing: string[] = [];
    for (const [id, body] of defined) {
      const proof = body.slice(body.indexOf('**Proved by.**'));
      for (const [, file] of proof.matchAll(/`([\w./-]+\.test\.ts)`/g)) {
        if (!existsSync(join(ROOT, file!))) missing.push(`${id}: ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('defines every POL id the tree cites', () => {
    const unknown: string[] = [];
    for (const dir of SCANNED_DIRS) {
      for (const file of walk(join(ROOT, dir))) {
        for (const [id] of readFileSync(file, 'utf8').matchAll(/POL-[A-Z]-\d{3}/g)) {
          if (!defined.has(id)) unknown.push(`${relative(ROOT, file)}: ${id}`);
        }
      }
    }
    expect([...new Set(unknown)]).toEqual([]);
  });
});
