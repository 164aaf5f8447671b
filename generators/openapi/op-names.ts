/**
 * Names the operation emitters derive from a spec: TS identifiers for operationIds and
 * tags, file names for tags, and the public/secured decision. Pure and shared so the
 * handlers interface, the route table and the stubs always agree.
 */
import type { ApiIR, OperationIR } from './ir.js';

const reserved = new Set(['Handlers', 'RequestContext', 'HandlerInputBase', 'MaybePromise']);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** `list-jobs` / `listJobs` / `repos/get` → `ListJobs` / `ListJobs` / `ReposGet`. */
export function pascalCase(text: string): string {
  const out = words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  if (!out) return 'Unnamed';
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** `Job Applications` → `job-applications`; the stub file name for a tag. */
export function kebabCase(text: string): string {
  return (
    words(text)
      .map((w) => w.toLowerCase())
      .join('-') || 'default'
  );
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** An object key or interface member name, quoted when it is not an identifier. */
export function memberName(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/** The tag an operation's handler lives under (its first tag, `default` if none). */
export function handlerTag(op: OperationIR): string {
  return op.tags[0] ?? 'default';
}

/**
 * How an operation treats credentials:
 * - `secured`: a principal is required (every security alternative names a scheme);
 * - `optional`: anyone, but credentials that are sent are checked so the handler sees the
 *   caller (OpenAPI's `{}` alternative beside a scheme, or `x-optional-auth: true` on a
 *   `security: []` operation);
 * - `public`: credentials are ignored, so a stale token never breaks login or refresh.
 */
export type AccessMode = 'secured' | 'optional' | 'public';

export function accessMode(op: OperationIR): AccessMode {
  const named = op.security.filter((req) => Object.keys(req).length > 0);
  if (named.length > 0 && named.length === op.security.length) return 'secured';
  if (named.length > 0 || op.extensions['x-optional-auth'] === true) return 'optional';
  return 'public';
}

export function isSecured(op: OperationIR): boolean {
  return accessMode(op) === 'secured';
}

/** Type stems per operationId, made unique by suffixing in spec order. */
export function operationTypeStems(ir: ApiIR): Map<string, string> {
  const used = new Set<string>(reserved);
  const out = new Map<string, string>();
  for (const op of ir.operations) {
    const stem = pascalCase(op.operationId);
    let name = stem;
    for (let i = 2; used.has(name) || used.has(`${name}Input`); i++) name = `${stem}${i}`;
    used.add(name);
    out.set(op.operationId, name);
  }
  return out;
}

export interface TagGroup {
  tag: string;
  /** `jobs`, for `app/handlers/jobs.ts`. */
  fileStem: string;
  /** `JobsHandlers`. */
  typeName: string;
  /** `createJobsHandlers`. */
  factoryName: string;
  operations: OperationIR[];
}

/** Operations grouped by handler tag, groups sorted by file name for stable output. */
export function tagGroups(ir: ApiIR): TagGroup[] {
  const byFile = new Map<string, TagGroup>();
  for (const op of ir.operations) {
    const tag = handlerTag(op);
    const fileStem = kebabCase(tag);
    let group = byFile.get(fileStem);
    if (!group) {
      const pascal = pascalCase(tag);
      group = {
        tag,
        fileStem,
        typeName: `${pascal}Handlers`,
        factoryName: `create${pascal}Handlers`,
        operations: [],
      };
      byFile.set(fileStem, group);
    }
    group.operations.push(op);
  }
  return [...byFile.values()].sort((a, b) =>
    a.fileStem < b.fileStem ? -1 : a.fileStem > b.fileStem ? 1 : 0,
  );
}

/**
 * Base path operations are served under, from the first server URL (`/api/v1`, or the
 * path of `https://host/api/v1`); empty when absent or templated.
 */
export function serverBasePath(ir: ApiIR): string {
  const servers = ir.document.servers as Array<{ url?: unknown }> | undefined;
  const url = servers?.[0]?.url;
  if (typeof url !== 'string' || url.includes('{')) return '';
  let path = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      return '';
    }
  }
  if (!path.startsWith('/')) return '';
  return path.replace(/\/+$/, '');
}
