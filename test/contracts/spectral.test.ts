// The spec linter: the real spec is clean under spectral.yaml, and each house rule fires on a
// fixture that breaks it (test/fixtures/spectral/specs/*.yaml, linted with a ruleset that
// extends spectral.yaml but reads the fixture DDL test/fixtures/spectral/permissions.sql).
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Document, Spectral, type ISpectralDiagnostic } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { builtins } from '@stoplight/spectral-ruleset-bundler/plugins/builtins';
import { commonjs } from '@stoplight/spectral-ruleset-bundler/plugins/commonjs';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { fetch } from '@stoplight/spectral-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseSeedPermissions } from '../../spectral/lib/seed-permissions.js';
import { MATRIX } from './schema-cases.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/spectral');
const SPEC = join(root, 'openapi/api-spec.yaml');

/** Same loader and plugins as spectral-cli, so the tests see what `npm run lint:spec` sees. */
async function loadSpectral(rulesetPath: string): Promise<Spectral> {
  const spectral = new Spectral();
  spectral.setRuleset(
    await bundleAndLoadRuleset(rulesetPath, { fs, fetch }, [builtins(), commonjs()]),
  );
  return spectral;
}

async function lint(spectral: Spectral, specPath: string): Promise<ISpectralDiagnostic[]> {
  const text = await readFile(specPath, 'utf8');
  return spectral.run(new Document(text, Parsers.Yaml, specPath));
}

const codes = (results: ISpectralDiagnostic[]) =>
  [...new Set(results.map((r) => String(r.code)))].sort();

describe('spectral.yaml on the real spec', () => {
  it('reports nothing at all (no error, warning, info or hint)', async () => {
    const results = await lint(await loadSpectral(join(root, 'spectral.yaml')), SPEC);
    expect(results.map((r) => `${r.code}: ${r.message} @ ${r.path.join('.')}`)).toEqual([]);
  });

  it('keeps every spectral:oas rule on, plus the house rules', async () => {
    const spectral = await loadSpectral(join(root, 'spectral.yaml'));
    const enabled = Object.values(spectral.ruleset!.rules).filter((rule) => rule.enabled);
    const names = enabled.map((rule) => rule.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'operation-operationId',
        'operation-operationId-unique',
        'oas3-schema',
        'oas3-valid-media-example',
        'oas3-unused-component',
        'operation-id-camel-case',
        'error-responses-problem-json',
        'secured-operation-permission',
        'public-operation-explicit',
        'enum-varnames',
        'optional-auth-standard',
      ]),
    );
    // `all`, not `recommended`: the opt-in rules are on too.
    expect(names).toEqual(
      expect.arrayContaining(['openapi-tags-alphabetical', 'operation-singular-tag']),
    );
  });
});

describe('house rules fire on the fixtures that break them', () => {
  let spectral: Spectral;
  beforeAll(async () => {
    spectral = await loadSpectral(join(fixtures, 'ruleset.yaml'));
  });

  // expected: every rule code reported for the fixture (spectral:oas's own operationId rules
  // fire alongside the house rule where they overlap, by design).
  const cases: { fixture: string; expected: string[]; message: RegExp }[] = [
    { fixture: 'valid.yaml', expected: [], message: /^$/ },
    {
      fixture: 'operation-id-snake-case.yaml',
      expected: ['operation-id-camel-case'],
      message: /"list_things" must match/,
    },
    {
      fixture: 'operation-id-duplicate.yaml',
      expected: ['operation-id-camel-case', 'operation-operationId-unique'],
      message: /"listThings" is already used by GET \/things/,
    },
    {
      fixture: 'operation-id-missing.yaml',
      expected: ['operation-id-camel-case', 'operation-operationId'],
      message: /POST \/things has no operationId/,
    },
    {
      fixture: 'error-response-json.yaml',
      expected: ['error-responses-problem-json'],
      message: /401 .*found application\/json/,
    },
    {
      fixture: 'error-response-extra-type.yaml',
      expected: ['error-responses-problem-json'],
      message: /404 .*not also text\/html/,
    },
    {
      fixture: 'error-response-no-content.yaml',
      expected: ['error-responses-problem-json'],
      message: /default .*found no content/,
    },
    {
      fixture: 'permission-unknown.yaml',
      expected: ['secured-operation-permission'],
      message: /"things:delete" is not seeded/,
    },
    {
      fixture: 'permission-commented-out.yaml',
      expected: ['secured-operation-permission'],
      message: /"things:ignored" is not seeded/,
    },
    {
      fixture: 'permission-list-partly-unknown.yaml',
      expected: ['secured-operation-permission'],
      message: /"things:destroy" is not seeded/,
    },
    {
      fixture: 'permission-empty-list.yaml',
      expected: ['secured-operation-permission'],
      message: /non-empty list of strings/,
    },
    {
      fixture: 'permission-missing.yaml',
      expected: ['public-operation-explicit', 'secured-operation-permission'],
      message: /requires credentials but declares no x-permission/,
    },
    {
      fixture: 'public-implicit.yaml',
      expected: ['public-operation-explicit'],
      message: /must write "security: \[\]"/,
    },
    {
      fixture: 'public-anonymous-requirement.yaml',
      expected: ['public-operation-explicit'],
      message: /must write "security: \[\]"/,
    },
    {
      fixture: 'security-scheme-cookie.yaml',
      expected: ['bearer-only-security'],
      message: /must be HTTP bearer/,
    },
    {
      fixture: 'enum-not-identifier.yaml',
      expected: ['enum-varnames'],
      message: /not identifiers or that collide .* x-enum-varnames/,
    },
    {
      fixture: 'enum-values-collide.yaml',
      expected: ['enum-varnames'],
      message: /\[full_time, fullTime\]/,
    },
    {
      fixture: 'enum-varnames-wrong-length.yaml',
      expected: ['enum-varnames'],
      message: /one name per enum value/,
    },
    { fixture: 'enum-varnames-named.yaml', expected: [], message: /^$/ },
    {
      fixture: 'optional-auth-extension.yaml',
      expected: ['optional-auth-standard'],
      message: /uses x-optional-auth, which other tools ignore/,
    },
    { fixture: 'optional-auth-standard.yaml', expected: [], message: /^$/ },
    {
      fixture: 'public-with-permission.yaml',
      expected: ['public-operation-explicit'],
      message: /is public .* but declares x-permission/,
    },
  ];

  it.each(cases)('$fixture → $expected', async ({ fixture, expected, message }) => {
    const results = await lint(spectral, join(fixtures, 'specs', fixture));
    expect(codes(results)).toEqual(expected);
    const ours = results.filter((r) => !String(r.code).startsWith('operation-operationId'));
    expect(ours.map((r) => r.message).join('\n')).toMatch(message);
    // house rules are errors, so `--fail-severity=warn` (and plain `spectral lint`) fail on them.
    for (const result of ours) expect(result.severity).toBe(0);
  });

  it('reports a DDL path it cannot read instead of passing silently', async () => {
    const missing = await loadSpectral(join(fixtures, 'ruleset-missing-ddl.yaml'));
    const results = await lint(missing, join(fixtures, 'specs/valid.yaml'));
    expect(codes(results)).toEqual(['secured-operation-permission']);
    expect(results[0]!.message).toMatch(/Cannot read seed permissions from .*does-not-exist\.sql/);
  });
});

describe('parseSeedPermissions', () => {
  const cases: { name: string; ddl: string; expected: string[] }[] = [
    {
      name: 'the documented form',
      ddl: "INSERT INTO permissions (code, description) VALUES\n  ('a:b', 'x'),\n  ('c:d', 'y')\nON CONFLICT (code) DO NOTHING;",
      expected: ['a:b', 'c:d'],
    },
    {
      name: 'escaped quotes, semicolons and parentheses inside literals',
      ddl: "INSERT INTO permissions (code, description) VALUES ('a:b', 'it''s; (odd)'), ('c:d', ')');",
      expected: ['a:b', 'c:d'],
    },
    {
      name: 'line and block comments',
      ddl: "INSERT INTO permissions (code, description) VALUES\n -- ('x:x', 'no'),\n /* ('y:y', 'no'), */ ('a:b', 'x');",
      expected: ['a:b'],
    },
    {
      name: 'other tables, schema-qualified name, lower case, several statements, duplicates',
      ddl: "insert into roles (code, description) values ('admin', 'x');\ninsert into public.permissions values ('a:b', 'x');\nINSERT INTO \"permissions\" (code, description) VALUES ('a:b', 'x'), ('c:d', 'y');\nINSERT INTO role_permissions (role_code, permission_code) VALUES ('admin', 'z:z');",
      expected: ['a:b', 'c:d'],
    },
    { name: 'no seed rows', ddl: 'CREATE TABLE permissions (code text);', expected: [] },
  ];

  it.each(cases)('$name', ({ ddl, expected }) => {
    expect(parseSeedPermissions(ddl)).toEqual(expected);
  });

  it('reads exactly the POL-R-001 permission set, each one required by some operation', async () => {
    const ddl = await readFile(join(root, 'db/schema.sql'), 'utf8');
    // The POL-R-001 matrix the seed test checks, written once (schema-cases.ts).
    const all = [...new Set(Object.values(MATRIX).flat())].sort();
    expect(parseSeedPermissions(ddl).sort()).toEqual(all);
    // The independent side: every x-permission of the spec (a string or a list).
    const spec = parseYaml(await readFile(join(root, 'openapi/api-spec.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, { 'x-permission'?: string | string[] }>>;
    };
    const used = Object.values(spec.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((op) => op?.['x-permission'] ?? []);
    expect(all).toEqual([...new Set(used)].sort());
  });
});
