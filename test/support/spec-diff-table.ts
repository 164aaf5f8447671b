/**
 * The spec-diff fixture table: every `test/fixtures/spec-diff/*.yaml` holds `cases`, each a base and a
 * revision (shorthand, expanded below into complete OpenAPI documents) with the findings
 * expected base → revision (`expect`) and revision → base (`reverse`), as `id:level`.
 *
 * Shorthand for one side: document-level keys (`openapi`, `info`, `paths`, `components`,
 * `security`) are copied; every other key describes one operation at `/items` (`GET`,
 * or `POST` with a body; `method:`/`path:` override). `reqBody: <schema>` is a required JSON
 * request body, `resBody: <schema>` a JSON 200 response.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface DiffCase {
  file: string;
  name: string;
  base: Record<string, unknown>;
  revision: Record<string, unknown>;
  expect: string[];
  reverse?: string[];
  /** Why oasdiff (1.15) disagrees on this row, if it does. */
  oasdiff?: string;
}

export interface DiffRow {
  label: string;
  base: Record<string, unknown>;
  revision: Record<string, unknown>;
  expect: string[];
  oasdiff?: string;
}

const DIR = fileURLToPath(new URL('../fixtures/spec-diff/', import.meta.url));
const DOC_KEYS = new Set(['openapi', 'info', 'paths', 'components', 'security']);

const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  oauth: {
    type: 'oauth2',
    flows: {
      clientCredentials: {
        tokenUrl: 'https://example.com/token',
        scopes: { read: 'read', write: 'write' },
      },
    },
  },
};

export function expandSide(side: Record<string, unknown>): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    openapi: '3.0.3',
    info: { title: 'fixture', version: '1.0.0' },
  };
  const op: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(side)) (DOC_KEYS.has(k) ? doc : op)[k] = v;
  const components = { ...((doc.components as Record<string, unknown>) ?? {}) };
  components.securitySchemes = SECURITY_SCHEMES;
  doc.components = components;
  const paths = { ...((doc.paths as Record<string, unknown>) ?? {}) };
  if (Object.keys(op).length > 0 || side.paths === undefined) {
    const method = (op.method as string) ?? (op.reqBody !== undefined ? 'post' : 'get');
    const at = (op.path as string) ?? '/items';
    delete op.method;
    delete op.path;
    const operation: Record<string, unknown> = { operationId: 'op', ...op };
    if (op.reqBody !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: op.reqBody } },
      };
      delete operation.reqBody;
    }
    const responses = { ...((op.responses as Record<string, unknown>) ?? {}) };
    if (op.resBody !== undefined) {
      responses['200'] = {
        description: 'ok',
        content: { 'application/json': { schema: op.resBody } },
      };
      delete operation.resBody;
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'ok' };
    operation.responses = responses;
    paths[at] = { ...((paths[at] as Record<string, unknown>) ?? {}), [method]: operation };
  }
  doc.paths = paths;
  return doc;
}

export function loadCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const parsed = parse(readFileSync(path.join(DIR, file), 'utf8')) as { cases: DiffCase[] };
    for (const c of parsed.cases) cases.push({ ...c, file });
  }
  return cases;
}

/** Each case as one or two directed rows with complete documents. */
export function loadRows(): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const c of loadCases()) {
    const base = expandSide(c.base);
    const revision = expandSide(c.revision);
    const stem = `${c.file.replace(/\.yaml$/, '')}: ${c.name}`;
    rows.push({ label: stem, base, revision, expect: c.expect ?? [], oasdiff: c.oasdiff });
    if (c.reverse)
      rows.push({
        label: `${stem} (reversed)`,
        base: revision,
        revision: base,
        expect: c.reverse,
        oasdiff: c.oasdiff,
      });
  }
  return rows;
}
