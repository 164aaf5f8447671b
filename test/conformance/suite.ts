/**
 * Runs JSON Schema Test Suite files through the generated zod validators and through
 * upstream Ajv. Each test group's schema becomes a component of a synthetic OpenAPI
 * document (draft2020-12 → 3.1.0, draft4 → 3.0.3), emitted and imported for real.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importEmitted, irFromDocument } from '../support/load-emitted.js';
import { UNSUPPORTED_KEYWORDS } from '../../generators/openapi/normalise/keywords.js';
import { oracleFor, type Dialect } from './oracle.js';

export const SUITE_DIR = path.resolve('test/fixtures/json-schema-test-suite');

interface SuiteTest {
  description: string;
  data: unknown;
  valid: boolean;
}
interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: SuiteTest[];
}

export interface CaseResult {
  /** `draft2020-12/oneOf.json: group / test`. */
  id: string;
  file: string;
  expected: boolean;
  zod: boolean;
  ajv: boolean;
}

/** Local refs are re-rooted under the component; `#` alone is the component itself. */
function rebase(node: unknown, root: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rebase(n, root));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#'))
      out[k] = v === '#' ? root : `${root}${v.slice(1)}`;
    else out[k] = k === 'enum' || k === 'const' ? v : rebase(v, root);
  }
  return out;
}

const UNSUPPORTED = new Set([...Object.keys(UNSUPPORTED_KEYWORDS), 'id']);

/**
 * Groups that need what docs/validation.md lists as unsupported (remote or `$id`-based
 * refs, dynamic refs, anchors): skipped and counted, not run.
 */
export function needsUnsupported(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(needsUnsupported);
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node).some(
    ([k, v]) =>
      (UNSUPPORTED.has(k) && (k !== 'id' || typeof v === 'string')) ||
      (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) ||
      (k !== 'const' && k !== 'enum' && needsUnsupported(v)),
  );
}

/** Runs suite files of one dialect through one synthetic document (one emit, one import). */
export async function runSuite(
  dialect: Dialect,
  files: string[],
): Promise<Map<string, { cases: CaseResult[]; skipped: number }>> {
  const loaded = files.map((file) => {
    const all = JSON.parse(
      readFileSync(path.join(SUITE_DIR, dialect, file), 'utf8'),
    ) as SuiteGroup[];
    const groups = all.filter((g) => !needsUnsupported(g.schema));
    const skipped = all
      .filter((g) => needsUnsupported(g.schema))
      .reduce((n, g) => n + g.tests.length, 0);
    return { file, groups, skipped };
  });
  const schemas: Record<string, unknown> = {};
  loaded.forEach(({ groups }, f) =>
    groups.forEach((g, i) => {
      schemas[`F${f}S${i}`] = rebase(g.schema, `#/components/schemas/F${f}S${i}`);
    }),
  );
  const document = {
    openapi: dialect === 'draft4' ? '3.0.3' : '3.1.0',
    info: { title: dialect, version: '1' },
    paths: {},
    components: { schemas },
  };
  const { module } = await importEmitted(irFromDocument(document), { format: false });
  const oracle = oracleFor(dialect);
  const out = new Map<string, { cases: CaseResult[]; skipped: number }>();
  loaded.forEach(({ file, groups, skipped }, f) => {
    const cases: CaseResult[] = [];
    groups.forEach((g, i) => {
      const zod = module.schemas[`F${f}S${i}`]!;
      let ajv: ((v: unknown) => boolean) | undefined;
      try {
        ajv = oracle(g.schema);
      } catch {
        ajv = undefined;
      }
      for (const t of g.tests) {
        cases.push({
          id: `${dialect}/${file}: ${g.description} / ${t.description}`,
          file: `${dialect}/${file}`,
          expected: t.valid,
          zod: zod.safeParse(t.data).success,
          ajv: ajv ? ajv(t.data) : !t.valid,
        });
      }
    });
    out.set(file, { cases, skipped });
  });
  return out;
}
