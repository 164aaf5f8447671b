/**
 * Handler scaffolding: one `<tag>.ts` per tag in the handlers directory (plus `index.ts`
 * and the deps module if absent), each created once and never overwritten. Operations
 * later added to the spec are reported here, and the per-tag `Pick` type makes tsc fail
 * until they are implemented.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatTs, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { memberName, tagGroups, type TagGroup } from './op-names.js';

export interface StubOptions {
  /** Specifier of `<out>/openapi` as seen from the handlers directory. */
  generatedImport: string;
  /** Specifier of the runtime directory as seen from the handlers directory. */
  runtimeImport: string;
  /** Specifier of the module exporting AppDeps, AppPrincipal, AppContext. */
  depsImport: string;
}

const stubNotice = (
  source: string,
  what = 'Replace each notImplemented() with the real handler.',
) =>
  `// Created once by spec-suite from ${source}.\n// This file is yours: generation never overwrites it. ${what}\n`;

function tagStub(ir: ApiIR, group: TagGroup, opts: StubOptions): string {
  const methods = group.operations
    .map(
      (op) =>
        `${memberName(op.operationId)}: () => notImplemented(${JSON.stringify(op.operationId)}),`,
    )
    .join('\n');
  return `${stubNotice(ir.sourcePath)}
import type { ${group.typeName} } from '${opts.generatedImport}/handlers.js';
import { notImplemented } from '${opts.runtimeImport}/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '${opts.depsImport}';

export function ${group.factoryName}(_deps: AppDeps): ${group.typeName}<AppPrincipal, AppContext> {
  return {
${methods}
  };
}
`;
}

function indexStub(ir: ApiIR, groups: TagGroup[], opts: StubOptions): string {
  return `${stubNotice(ir.sourcePath, 'Wire new tags in here.')}
import type { Handlers } from '${opts.generatedImport}/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from '${opts.depsImport}';
${groups.map((g) => `import { ${g.factoryName} } from './${g.fileStem}.js';`).join('\n')}

/** Every operation's handler; a tag missing here is a compile error. */
export function createHandlers(deps: AppDeps): Handlers<AppPrincipal, AppContext> {
  return {
${groups.map((g) => `...${g.factoryName}(deps),`).join('\n')}
  };
}
`;
}

function depsStub(ir: ApiIR, runtimeImport: string): string {
  return `${stubNotice(ir.sourcePath, 'Fill in what your handlers need.')}
import type { RequestContext } from '${runtimeImport}/handler-types.js';

/** What handlers are built from (database, clock, logger, ...). */
export interface AppDeps {}

/** The authenticated caller, as your AuthHooks produce it. */
export type AppPrincipal = { subject: string };

/** The request context handlers receive. */
export type AppContext = RequestContext;
`;
}

/** The stub files for a spec, keyed by path relative to the handlers directory (pure). */
export async function planStubs(ir: ApiIR, opts: StubOptions): Promise<GeneratedFile[]> {
  const groups = tagGroups(ir);
  const files: GeneratedFile[] = [];
  for (const g of groups)
    files.push({ path: `${g.fileStem}.ts`, contents: await formatTs(tagStub(ir, g, opts)) });
  files.push({ path: 'index.ts', contents: await formatTs(indexStub(ir, groups, opts)) });
  return files;
}

/** `runtimeImport` as seen from the deps module's own directory. */
export async function planDepsStub(ir: ApiIR, runtimeImport: string): Promise<string> {
  return formatTs(depsStub(ir, runtimeImport));
}

export interface StubReport {
  created: string[];
  /** Spec operations whose id does not appear in their existing handler file. */
  missing: { file: string; operationIds: string[] }[];
  /** Tag factories an existing index.ts does not mention. */
  unwiredFactories: { file: string; factories: string[] }[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Simple text check: is `id` used as a member name (`id:`, `id(`, `'id':`)? */
export function mentionsOperation(source: string, operationId: string): boolean {
  const id = escapeRe(operationId);
  return new RegExp(`(^|[^A-Za-z0-9_$])(['"]?)${id}\\2\\s*[:(]`, 'm').test(source);
}

/**
 * Creates missing stub files (never touching existing ones) and reports operations the
 * existing files lack. With `dryRun`, only reports (used by `--check`).
 */
export async function syncStubs(
  ir: ApiIR,
  handlersDir: string,
  opts: StubOptions & { depsPath?: string; depsRuntimeImport?: string; dryRun?: boolean },
): Promise<StubReport> {
  const report: StubReport = { created: [], missing: [], unwiredFactories: [] };
  const groups = tagGroups(ir);
  const planned = await planStubs(ir, opts);
  if (!opts.dryRun) await mkdir(handlersDir, { recursive: true });
  for (const file of planned) {
    const target = path.join(handlersDir, file.path);
    if (!existsSync(target)) {
      if (!opts.dryRun) await writeFile(target, file.contents);
      report.created.push(target);
      continue;
    }
    const text = await readFile(target, 'utf8');
    if (file.path === 'index.ts') {
      const factories = groups.map((g) => g.factoryName).filter((f) => !text.includes(f));
      if (factories.length) report.unwiredFactories.push({ file: target, factories });
      continue;
    }
    const group = groups.find((g) => `${g.fileStem}.ts` === file.path)!;
    const ids = group.operations
      .map((op) => op.operationId)
      .filter((id) => !mentionsOperation(text, id));
    if (ids.length) report.missing.push({ file: target, operationIds: ids });
  }
  if (opts.depsPath && !existsSync(opts.depsPath)) {
    if (!opts.dryRun) {
      await mkdir(path.dirname(opts.depsPath), { recursive: true });
      await writeFile(
        opts.depsPath,
        await planDepsStub(ir, opts.depsRuntimeImport ?? opts.runtimeImport),
      );
    }
    report.created.push(opts.depsPath);
  }
  return report;
}

export function formatStubReport(report: StubReport, cwd = process.cwd()): string[] {
  const rel = (p: string) => path.relative(cwd, p) || p;
  const lines: string[] = [];
  for (const f of report.created) lines.push(`created ${rel(f)}`);
  for (const m of report.missing) {
    lines.push(
      `MISSING in ${rel(m.file)}: ${m.operationIds.join(', ')} (tsc fails until they are implemented)`,
    );
  }
  for (const u of report.unwiredFactories) {
    lines.push(`NOT WIRED in ${rel(u.file)}: ${u.factories.join(', ')}`);
  }
  return lines;
}
