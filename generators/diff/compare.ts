/**
 * Two normalised documents → findings. Pure: no I/O. Operations are matched by method and
 * path template (parameter names ignored, so renaming `{id}` is not a removed path).
 */
import type {
  ApiIR,
  OperationIR,
  ParameterIR,
  ResponseIR,
  SecurityRequirementIR,
} from '../openapi/ir.js';
import { CHECKS, levelOf, type Level } from './checks.js';
import { compareSchema, type SchemaCompareContext } from './compare-schema.js';
import { appendPointer } from './pointer.js';

export interface Finding {
  id: string;
  level: Level;
  /** `METHOD /path` (the revision's path when the operation still exists). */
  operation: string;
  /** JSON pointer into the revision document (into the base one for removed things). */
  pointer: string;
  message: string;
}

export interface DiffResult {
  findings: Finding[];
  baseVersion: string;
  revisionVersion: string;
  /** The revision's `info.version` has a higher major than the base's. */
  majorBump: boolean;
}

const templateKey = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
const opKey = (op: OperationIR) => `${op.method} ${templateKey(op.path)}`;
const opLabel = (op: OperationIR) => `${op.method.toUpperCase()} ${op.path}`;

export function majorOf(version: string): number | undefined {
  const m = /^\s*v?(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

export function diffApis(base: ApiIR, rev: ApiIR): DiffResult {
  const findings: Finding[] = [];
  const baseOps = new Map(base.operations.map((op) => [opKey(op), op]));
  const revOps = new Map(rev.operations.map((op) => [opKey(op), op]));
  const revPaths = new Set(rev.operations.map((op) => templateKey(op.path)));
  const removedPaths = new Set<string>();
  for (const [key, op] of baseOps) {
    const now = revOps.get(key);
    if (now) {
      compareOperation(base, rev, op, now, findings);
      continue;
    }
    const push = (id: string, message: string) =>
      findings.push({
        id,
        level: levelOf(id),
        operation: opLabel(op),
        pointer: appendPointer('/paths', op.path, op.method),
        message,
      });
    if (!revPaths.has(templateKey(op.path))) {
      if (removedPaths.has(op.path)) continue;
      removedPaths.add(op.path);
      findings.push({
        id: 'path-removed',
        level: levelOf('path-removed'),
        operation: op.path,
        pointer: appendPointer('/paths', op.path),
        message: `path ${op.path} removed`,
      });
    } else push('operation-removed', `${opLabel(op)} removed`);
  }
  for (const [key, op] of revOps)
    if (!baseOps.has(key))
      findings.push({
        id: 'operation-added',
        level: 'info',
        operation: opLabel(op),
        pointer: appendPointer('/paths', op.path, op.method),
        message: `${opLabel(op)} added`,
      });
  const bm = majorOf(base.info.version);
  const rm = majorOf(rev.info.version);
  return {
    findings: sortFindings(findings),
    baseVersion: base.info.version,
    revisionVersion: rev.info.version,
    majorBump: bm !== undefined && rm !== undefined && rm > bm,
  };
}

const LEVEL_ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const k = `${f.id}\0${f.operation}\0${f.pointer}\0${f.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(
      (a, b) =>
        LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
        cmp(a.operation, b.operation) ||
        cmp(a.pointer, b.pointer) ||
        cmp(a.id, b.id) ||
        cmp(a.message, b.message),
    );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareOperation(
  base: ApiIR,
  rev: ApiIR,
  bo: OperationIR,
  ro: OperationIR,
  out: Finding[],
): void {
  const opPtr = appendPointer('/paths', ro.path, ro.method);
  const emit = (id: string, pointer: string, message: string) => {
    if (!(id in CHECKS)) throw new Error(`unknown diff check id ${id}`);
    out.push({ id, level: levelOf(id), operation: opLabel(ro), pointer, message });
  };
  const schemaCtx = (): SchemaCompareContext => ({
    baseSchemas: base.schemas,
    revSchemas: rev.schemas,
    visited: new Set(),
    emit,
  });
  const requestCtx = schemaCtx();
  const responseCtx = schemaCtx();

  if (bo.operationId !== ro.operationId)
    emit(
      'operation-id-changed',
      appendPointer(opPtr, 'operationId'),
      `operationId ${bo.operationId} → ${ro.operationId}`,
    );
  compareParameters(base, rev, bo, ro, emit, requestCtx);
  compareRequestBody(bo, ro, opPtr, emit, requestCtx);
  compareResponses(bo.responses, ro.responses, opPtr, emit, responseCtx);
  compareSecurity(bo, ro, opPtr, emit);
}

type Emit = (id: string, pointer: string, message: string) => void;

const paramKey = (p: ParameterIR) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;

/** Where a parameter is written in the document: the operation's list, else the path's. */
function parameterPointer(doc: Record<string, unknown>, op: OperationIR, p: ParameterIR): string {
  const item = (doc.paths as Record<string, Record<string, unknown>> | undefined)?.[op.path];
  const find = (list: unknown, at: string): string | undefined => {
    if (!Array.isArray(list)) return undefined;
    const i = list.findIndex((x) => {
      const e = x as Record<string, unknown> | null;
      return e?.name === p.name && e?.in === p.in;
    });
    return i >= 0 ? appendPointer(at, String(i)) : undefined;
  };
  const opAt = appendPointer('/paths', op.path, op.method, 'parameters');
  const pathAt = appendPointer('/paths', op.path, 'parameters');
  const opObj = item?.[op.method] as Record<string, unknown> | undefined;
  return (
    find(opObj?.parameters, opAt) ??
    find(item?.parameters, pathAt) ??
    appendPointer(opAt, `${p.in}:${p.name}`)
  );
}

const fingerprint = (p: ParameterIR) => JSON.stringify(stripDocs(p.schema));

function stripDocs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDocs);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort())
    if (k !== 'description' && k !== 'examples' && k !== 'title')
      out[k] = stripDocs((v as Record<string, unknown>)[k]);
  return out;
}

function compareParameters(
  base: ApiIR,
  rev: ApiIR,
  bo: OperationIR,
  ro: OperationIR,
  emit: Emit,
  ctx: SchemaCompareContext,
): void {
  const revByKey = new Map(ro.parameters.map((p) => [paramKey(p), p]));
  const matched = new Set<ParameterIR>();
  const pairs: [ParameterIR, ParameterIR][] = [];
  const unmatched: ParameterIR[] = [];
  for (const p of bo.parameters) {
    const r = revByKey.get(paramKey(p));
    if (r) {
      matched.add(r);
      pairs.push([p, r]);
    } else unmatched.push(p);
  }
  const free = () => ro.parameters.filter((r) => !matched.has(r));
  const basePathParams = [...bo.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const revPathParams = [...ro.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const p of unmatched) {
    const moved = free().find((r) => r.name === p.name && r.in !== p.in);
    if (moved) {
      matched.add(moved);
      emit(
        'request-parameter-moved',
        parameterPointer(rev.document, ro, moved),
        `parameter ${p.name} moved from ${p.in} to ${moved.in}`,
      );
      continue;
    }
    if (p.in === 'path') {
      const at = basePathParams.indexOf(p.name);
      const renamed = free().find((r) => r.in === 'path' && revPathParams.indexOf(r.name) === at);
      if (renamed) {
        matched.add(renamed);
        emit(
          'request-path-parameter-renamed',
          parameterPointer(rev.document, ro, renamed),
          `path parameter {${p.name}} renamed to {${renamed.name}}`,
        );
        pairs.push([p, renamed]);
        continue;
      }
    } else {
      const renamed = free().find((r) => r.in === p.in && fingerprint(r) === fingerprint(p));
      if (renamed && !bo.parameters.some((b) => paramKey(b) === paramKey(renamed))) {
        matched.add(renamed);
        emit(
          'request-parameter-renamed',
          parameterPointer(rev.document, ro, renamed),
          `${p.in} parameter ${p.name} renamed to ${renamed.name}`,
        );
        continue;
      }
    }
    emit(
      'request-parameter-removed',
      parameterPointer(base.document, bo, p),
      `${p.in} parameter ${p.name} removed`,
    );
  }
  for (const r of free())
    emit(
      r.required ? 'request-parameter-added-required' : 'request-parameter-added-optional',
      parameterPointer(rev.document, ro, r),
      `new ${r.required ? 'required' : 'optional'} ${r.in} parameter ${r.name}`,
    );
  for (const [p, r] of pairs) {
    const at = parameterPointer(rev.document, ro, r);
    const label = `${r.in} parameter ${r.name}`;
    if (p.required !== r.required)
      emit(
        `request-parameter-became-${r.required ? 'required' : 'optional'}`,
        appendPointer(at, 'required'),
        `${label} became ${r.required ? 'required' : 'optional'}`,
      );
    if (p.style !== r.style || p.explode !== r.explode)
      emit(
        'request-parameter-style-changed',
        appendPointer(at, p.style !== r.style ? 'style' : 'explode'),
        `${label}: style ${p.style}/explode=${p.explode} → ${r.style}/explode=${r.explode}`,
      );
    compareSchema(ctx, p.schema, r.schema, 'request', appendPointer(at, 'schema'), label);
  }
}

function compareRequestBody(
  bo: OperationIR,
  ro: OperationIR,
  opPtr: string,
  emit: Emit,
  ctx: SchemaCompareContext,
): void {
  const b = bo.requestBody;
  const r = ro.requestBody;
  const at = appendPointer(opPtr, 'requestBody');
  if (!b && !r) return;
  if (!b) {
    if (r!.required) emit('request-body-added-required', at, 'a required request body was added');
    return;
  }
  if (!r) {
    emit('request-body-removed', appendPointer(opPtr), 'the request body was removed');
    return;
  }
  if (b.required !== r.required)
    emit(
      `request-body-became-${r.required ? 'required' : 'optional'}`,
      appendPointer(at, 'required'),
      `request body became ${r.required ? 'required' : 'optional'}`,
    );
  for (const media of b.content) {
    const now = r.content.find((m) => m.contentType === media.contentType);
    const mediaAt = appendPointer(at, 'content', media.contentType);
    if (!now) {
      emit(
        'request-media-type-removed',
        mediaAt,
        `request body ${media.contentType} no longer accepted`,
      );
      continue;
    }
    compareSchema(
      ctx,
      media.schema,
      now.schema,
      'request',
      appendPointer(mediaAt, 'schema'),
      `request body (${media.contentType})`,
    );
  }
  for (const media of r.content)
    if (!b.content.some((m) => m.contentType === media.contentType))
      emit(
        'request-media-type-added',
        appendPointer(at, 'content', media.contentType),
        `request body ${media.contentType} now accepted`,
      );
}

const isSuccess = (status: string) => /^2/.test(status);

function compareResponses(
  base: ResponseIR[],
  rev: ResponseIR[],
  opPtr: string,
  emit: Emit,
  ctx: SchemaCompareContext,
): void {
  for (const b of base) {
    const at = appendPointer(opPtr, 'responses', b.status);
    const r = rev.find((x) => x.status === b.status);
    if (!r) {
      emit(
        isSuccess(b.status) ? 'response-success-status-removed' : 'response-status-removed',
        at,
        `response ${b.status} removed`,
      );
      continue;
    }
    for (const media of b.content) {
      const mediaAt = appendPointer(at, 'content', media.contentType);
      const now = r.content.find((m) => m.contentType === media.contentType);
      if (!now) {
        emit(
          'response-media-type-removed',
          mediaAt,
          `response ${b.status} no longer produces ${media.contentType}`,
        );
        continue;
      }
      compareSchema(
        ctx,
        media.schema,
        now.schema,
        'response',
        appendPointer(mediaAt, 'schema'),
        `response ${b.status} (${media.contentType})`,
      );
    }
    for (const media of r.content)
      if (!b.content.some((m) => m.contentType === media.contentType))
        emit(
          'response-media-type-added',
          appendPointer(at, 'content', media.contentType),
          `response ${b.status} may now be ${media.contentType}`,
        );
    for (const h of b.headers) {
      const now = r.headers.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
      const hAt = appendPointer(at, 'headers', h.name);
      if (!now) {
        emit('response-header-removed', hAt, `response ${b.status} header ${h.name} removed`);
        continue;
      }
      if (h.required && !now.required)
        emit(
          'response-header-became-optional',
          appendPointer(hAt, 'required'),
          `response ${b.status} header ${h.name} became optional`,
        );
      compareSchema(
        ctx,
        h.schema,
        now.schema,
        'response',
        appendPointer(hAt, 'schema'),
        `header ${h.name}`,
      );
    }
    for (const h of r.headers)
      if (!b.headers.some((x) => x.name.toLowerCase() === h.name.toLowerCase()))
        emit(
          'response-header-added',
          appendPointer(at, 'headers', h.name),
          `response ${b.status} header ${h.name} added`,
        );
  }
  for (const r of rev)
    if (!base.some((b) => b.status === r.status))
      emit(
        isSuccess(r.status) ? 'response-success-status-added' : 'response-status-added',
        appendPointer(opPtr, 'responses', r.status),
        `response ${r.status} added`,
      );
}

const isPublic = (security: SecurityRequirementIR[]) =>
  security.length === 0 || security.some((req) => Object.keys(req).length === 0);

/** A revision requirement a client holding `held` already satisfies. */
function satisfiedBy(held: SecurityRequirementIR, req: SecurityRequirementIR): boolean {
  return Object.entries(req).every(
    ([scheme, scopes]) => scheme in held && scopes.every((s) => held[scheme]!.includes(s)),
  );
}

const showReq = (req: SecurityRequirementIR) =>
  Object.keys(req).length === 0
    ? '{}'
    : Object.entries(req)
        .map(([k, v]) => (v.length > 0 ? `${k}[${v.join(',')}]` : k))
        .join('+');

function compareSecurity(bo: OperationIR, ro: OperationIR, opPtr: string, emit: Emit): void {
  const at = appendPointer(opPtr, 'security');
  const basePublic = isPublic(bo.security);
  const revPublic = isPublic(ro.security);
  if (basePublic && !revPublic) {
    emit('security-added', at, `now requires ${ro.security.map(showReq).join(' or ')}`);
  } else if (!basePublic && revPublic) {
    emit('security-removed', at, 'no longer requires authentication');
  } else if (!basePublic) {
    for (const held of bo.security) {
      if (ro.security.some((req) => satisfiedBy(held, req))) continue;
      const sameSchemes = ro.security.find(
        (req) => Object.keys(req).sort().join() === Object.keys(held).sort().join(),
      );
      if (sameSchemes)
        emit(
          'security-scopes-added',
          at,
          `requirement ${showReq(held)} now needs ${showReq(sameSchemes)}`,
        );
      else
        emit(
          'security-requirement-changed',
          at,
          `requirement ${showReq(held)} no longer accepted (now ${ro.security.map(showReq).join(' or ')})`,
        );
    }
    const schemesOf = (req: SecurityRequirementIR) => Object.keys(req).sort().join('+');
    const broke = bo.security.some((held) => !ro.security.some((req) => satisfiedBy(held, req)));
    if (!broke)
      for (const req of ro.security)
        if (!bo.security.some((held) => schemesOf(held) === schemesOf(req)))
          emit('security-requirement-added', at, `new alternative ${showReq(req)}`);
  }
  if (revPublic) return;
  const before = new Set(bo.permissions);
  const after = new Set(ro.permissions);
  const permAt = appendPointer(opPtr, 'x-permission');
  // Dropping x-permission altogether only loosens access.
  const lost = after.size === 0 ? [] : [...before].filter((p) => !after.has(p));
  if ((before.size === 0 && after.size > 0 && !basePublic) || lost.length > 0)
    emit(
      'security-permission-changed',
      permAt,
      `x-permission ${[...before].join('|') || '(none)'} → ${[...after].join('|') || '(none)'}`,
    );
  else if (before.size > 0 && [...after].some((p) => !before.has(p)))
    emit(
      'security-permission-added',
      permAt,
      `x-permission also accepts ${[...after].filter((p) => !before.has(p)).join(', ')}`,
    );
}
