/**
 * Boots a generated app in-process (generated `createApi` + generated stubs + an auth test
 * double, via the spec folder's `boot.ts`) and sends one plausible request per operation.
 * What counts as broken: a 5xx other than 501 (a crash in generated validators or the
 * runtime), a logged runtime error, a 404/405 (the route table does not serve the spec's
 * own path), an error that is not problem+json, or a request the app throws on. A stub's
 * 501 is the expected answer; a 400 is acceptable (the sample broke a pattern, say).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperationDef } from '../../runtime/operation.js';
import type { RuntimeLogger } from '../../runtime/create-api.js';
import { routeTemplate } from '../../runtime/path-template.js';
import type { GeneratedSpec } from './generate.js';
import { plannedRequest, sampleValue } from './requests.js';

interface BootModule {
  boot(logger: RuntimeLogger): { request(url: string, init: RequestInit): Promise<Response> };
  operationTable: readonly OperationDef[];
  serverBasePath: string;
}

export interface ProbeResult {
  requests: number;
  /** Status → how many operations answered with it. */
  byStatus: Record<number, number>;
  /** One line per broken answer; the suite expects none. */
  failures: string[];
  /** Operations no fetch client can call (TRACE is a forbidden method in fetch). */
  skipped: string[];
  /** 400 answers (`operation: detail`): plausible input the validators refused. */
  rejected: string[];
  /** 400 answers by the kind of body the request carried (see `bodyKindOf`). */
  rejectedByBody: Record<string, number>;
  /** Component validators run on a sample of their schema, and how many accepted it. */
  schemas: { checked: number; accepted: number };
}

interface SchemasModule {
  schemas: Record<string, { safeParse(v: unknown): { success: boolean } }>;
}

/** Grants secured operations without `x-permission` one, see `probe`. */
const SYNTHETIC_PERMISSION = 'robustness:any';

export async function probe(g: GeneratedSpec): Promise<ProbeResult> {
  const m = (await import(pathToFileURL(path.join(g.dir, 'boot.ts')).href)) as BootModule;
  // Public specs rarely carry x-permission, and default deny answers their secured
  // operations 403 before validation runs. The run grants each one a permission (the auth
  // double allows everything) so every request reaches validation and the stub; default
  // deny itself is covered in runtime/create-api.test.ts.
  for (const op of m.operationTable) {
    if (op.security === 'secured' && op.permissions.length === 0)
      (op as { permissions: readonly string[] }).permissions = [SYNTHETIC_PERMISSION];
  }
  const logged: string[] = [];
  const app = m.boot({
    error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  });
  const result: ProbeResult = {
    requests: 0,
    byStatus: {},
    failures: [],
    skipped: [],
    rejected: [],
    rejectedByBody: {},
    schemas: { checked: 0, accepted: 0 },
  };
  checkSchemas(
    (await import(
      pathToFileURL(path.join(g.dir, 'generated/openapi/schemas.ts')).href
    )) as SchemasModule,
    g,
    result,
  );
  const byId = new Map(g.ir.operations.map((op) => [op.operationId, op]));
  // Operations on one method + route (`/cookies`, `/cookies#formExploded`) may take the
  // same request; a 501 from any of them is the right answer.
  const routeOf = (o: { method: string; path: string }) => `${o.method} ${routeTemplate(o.path)}`;
  const sameRoute = new Map<string, string[]>();
  for (const o of m.operationTable)
    sameRoute.set(routeOf(o), [...(sameRoute.get(routeOf(o)) ?? []), o.operationId]);
  for (const row of m.operationTable) {
    const op = byId.get(row.operationId);
    if (!op) {
      result.failures.push(`${row.operationId}: in the operation table but not in the IR`);
      continue;
    }
    if (op.method === 'trace') {
      result.skipped.push(`${op.operationId} (TRACE)`);
      continue;
    }
    const req = plannedRequest(op, m.serverBasePath, g.ir.schemas);
    const where = `${op.operationId} ${req.method} ${req.url}`;
    logged.length = 0;
    let res: Response;
    try {
      res = await app.request(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body as BodyInit } : {}),
      });
    } catch (e) {
      result.failures.push(`${where}: threw ${(e as Error).stack ?? String(e)}`);
      continue;
    }
    result.requests++;
    result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    if (res.status === 400) {
      const kind = bodyKindOf(req.body, req.headers['content-type']);
      result.rejected.push(`${where} [${kind}]: ${text.slice(0, 400)}`);
      result.rejectedByBody[kind] = (result.rejectedByBody[kind] ?? 0) + 1;
    }
    if ((res.status >= 500 && res.status !== 501) || res.status === 404 || res.status === 405) {
      result.failures.push(
        `${where}: ${res.status} ${text.slice(0, 300)} ${logged.join(' ').slice(0, 1500)}`,
      );
    } else if (logged.length > 0) {
      result.failures.push(
        `${where}: ${res.status}, but the runtime logged ${logged.join(' ').slice(0, 1500)}`,
      );
    } else if (res.status >= 400 && !type.startsWith('application/problem+json')) {
      result.failures.push(`${where}: ${res.status} with content-type ${type || '(none)'}`);
    } else if (
      res.status === 501 &&
      !sameRoute.get(routeOf(op))!.some((id) => text.includes(`"${id} is not implemented`))
    ) {
      result.failures.push(`${where}: 501 from another route's stub: ${text.slice(0, 200)}`);
    }
  }
  return result;
}

/** Every component validator exists and runs on its schema's sample without throwing. */
function checkSchemas(m: SchemasModule, g: GeneratedSpec, result: ProbeResult): void {
  for (const [name, schema] of Object.entries(g.ir.schemas)) {
    const validator = m.schemas[name];
    if (!validator) {
      result.failures.push(`schema ${name}: no validator in schemas.ts`);
      continue;
    }
    result.schemas.checked++;
    try {
      if (validator.safeParse(sampleValue(schema, g.ir.schemas, false)).success)
        result.schemas.accepted++;
    } catch (e) {
      result.failures.push(`schema ${name}: validator threw ${(e as Error).message}`);
    }
  }
}

/**
 * What a planned request's body was, for telling apart the 400s the form and binary
 * decoding is responsible for (`form`, `multipart`, `binary`) from the rest.
 */
export function bodyKindOf(body: unknown, contentType: string | undefined): string {
  if (body === undefined) return 'none';
  if (body instanceof FormData) return 'multipart';
  const t = (contentType ?? '').toLowerCase();
  if (t === 'application/json' || t.endsWith('+json')) return 'json';
  if (t === 'application/x-www-form-urlencoded') return 'form';
  if (t.startsWith('text/')) return 'text';
  return 'binary';
}

/** `{501: 40, 400: 3}` → `501×40 400×3`, most frequent first. */
export function formatStatuses(byStatus: Record<number, number>): string {
  return formatCounts(byStatus);
}

/** `{json: 3, form: 1}` → `json×3 form×1`, most frequent first; `none` when empty. */
export function formatCounts(counts: Record<string | number, number>): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return 'none';
  return entries
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
}
