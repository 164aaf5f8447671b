/**
 * The official JSON Schema Test Suite against the generated validators, next to upstream
 * Ajv on the same cases. Every case must agree with the suite except the ones listed in
 * KNOWN (each with its reason, mirrored in docs/validation.md); a listed case that starts
 * passing fails the test too, so the list stays true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ajvPackageName, oracleFor } from './oracle.js';
import { runSuite, type CaseResult } from './suite.js';
import { KNOWN_DIFFERENCES } from './known.js';

const DRAFT2020 = [
  'additionalProperties',
  'allOf',
  'anyOf',
  'boolean_schema',
  'const',
  'contains',
  'default',
  'defs',
  'dependentRequired',
  'dependentSchemas',
  'enum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'format',
  'if-then-else',
  'items',
  'maxContains',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minContains',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'multipleOf',
  'not',
  'oneOf',
  'pattern',
  'patternProperties',
  'prefixItems',
  'properties',
  'propertyNames',
  'ref',
  'required',
  'type',
  'unevaluatedProperties',
  'uniqueItems',
];
/** Draft-4 keyword files whose keyword exists in OpenAPI 3.0 schemas. */
const DRAFT4 = [
  'additionalItems',
  'additionalProperties',
  'allOf',
  'anyOf',
  'default',
  'definitions',
  'enum',
  'items',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'multipleOf',
  'not',
  'oneOf',
  'pattern',
  'properties',
  'ref',
  'required',
  'type',
  'uniqueItems',
];

const results: CaseResult[] = [];
const skipped = new Map<string, number>();

describe('the Ajv oracle', () => {
  it('is upstream Ajv and stateless: a failing value fails again on the next call', () => {
    expect(ajvPackageName()).toBe('ajv');
    const validate = oracleFor('draft2020-12')({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    });
    const bad = { b: 1 };
    expect(validate(bad)).toBe(false);
    expect(validate(bad)).toBe(false);
    expect(validate({ a: 'x' })).toBe(true);
  });
});

describe('JSON Schema Test Suite', () => {
  const files = [
    ...DRAFT2020.map((f) => ['draft2020-12', `${f}.json`] as const),
    ...DRAFT4.map((f) => ['draft4', `${f}.json`] as const),
  ];
  const runs = new Map<string, Awaited<ReturnType<typeof runSuite>>>();
  beforeAll(async () => {
    runs.set(
      'draft2020-12',
      await runSuite(
        'draft2020-12',
        DRAFT2020.map((f) => `${f}.json`),
      ),
    );
    runs.set(
      'draft4',
      await runSuite(
        'draft4',
        DRAFT4.map((f) => `${f}.json`),
      ),
    );
  });
  it.each(files)('%s/%s', (dialect, file) => {
    const { cases, skipped: n } = runs.get(dialect)!.get(file)!;
    results.push(...cases);
    skipped.set(`${dialect}/${file}`, n);
    const wrong = cases.filter((c) => (c.zod === c.expected) === KNOWN_DIFFERENCES.has(c.id));
    expect(wrong.map((c) => `${c.id} (expected ${c.expected}, got ${c.zod})`)).toEqual([]);
  });

  afterAll(() => {
    if (results.length === 0) return;
    const byFile = new Map<string, { n: number; zod: number; ajv: number }>();
    for (const c of results) {
      const row = byFile.get(c.file) ?? { n: 0, zod: 0, ajv: 0 };
      row.n++;
      if (c.zod === c.expected) row.zod++;
      if (c.ajv === c.expected) row.ajv++;
      byFile.set(c.file, row);
    }
    const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`;
    const lines = [...byFile].map(
      ([f, r]) =>
        `${f.padEnd(40)} ${String(r.n).padStart(4)}  zod ${pct(r.zod, r.n).padStart(6)}  ajv ${pct(r.ajv, r.n).padStart(6)}${skipped.get(f) ? `  (${skipped.get(f)} skipped: unsupported)` : ''}`,
    );
    const total = [...byFile.values()].reduce(
      (a, r) => ({ n: a.n + r.n, zod: a.zod + r.zod, ajv: a.ajv + r.ajv }),
      { n: 0, zod: 0, ajv: 0 },
    );
    lines.push(
      `${'overall'.padEnd(40)} ${String(total.n).padStart(4)}  zod ${pct(total.zod, total.n).padStart(6)}  ajv ${pct(total.ajv, total.n).padStart(6)}  (${[...skipped.values()].reduce((a, b) => a + b, 0)} skipped)`,
    );
    console.log(`JSON Schema Test Suite, cases passed per file:\n${lines.join('\n')}`);
  });
});
