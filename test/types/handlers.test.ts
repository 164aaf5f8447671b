/**
 * Type-level acceptance: the generated Handlers interface turns wrong handlers into tsc
 * errors. Each case is a small program compiled with the TypeScript compiler API against
 * code generated from test/fixtures/spec-suite/mini.yaml.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitHandlers } from '../../generators/openapi/emit-handlers.js';
import { emitTypes } from '../../generators/openapi/emit-types.js';
import { loadApi } from '../../generators/openapi/load.js';
import { typecheck } from '../support/typecheck.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = path.join(root, 'test/types/.tmp', `handlers-${process.pid}`);
const genDir = path.join(work, 'generated/openapi');

const prelude = `
import type { CreateJobResult, Handlers, JobsHandlers, ListJobsResult, GetJobResult } from './generated/openapi/handlers.js';
import type { RequestContext } from '${path.relative(work, path.join(root, 'runtime')).split(path.sep).join('/')}/handler-types.js';
type User = { id: string };
type H = Handlers<User, RequestContext>;
const job = { id: '7d2f3c9e-8a51-4c1b-9f0e-2b6f4a8d1e3c', title: 'Dev' };
const problem = { type: 'about:blank', title: 'Nope', status: 404 };
export const ok: H = {
  getHealth: () => ({ status: 200, body: { status: 'ok' } }),
  listJobs: async ({ query }) => (query.limit === 0 ? { status: 503, body: { ...problem, status: 503 } } : { status: 200, body: [job] }),
  createJob: async ({ body, principal }) => ({ status: 201, body: { ...job, title: body.title + principal.id }, headers: { Location: '/jobs/1' } }),
  getJob: ({ path, principal }) => (principal ? { status: 200, body: job, contentType: 'application/json' } : path.jobId ? { status: 200, body: 'id,title', contentType: 'text/csv' } : { status: 404, body: problem }),
  'delete-job': () => ({ status: 204 }),
};
`;

// [name, body appended to the prelude, expected: null = compiles, else a regex the errors must match]
const cases: [string, string, RegExp | null][] = [
  ['correct handlers compile', '', null],
  [
    'wrong body',
    `export const h: H['getHealth'] = () => ({ status: 200, body: { status: 'fine' } });`,
    /'"fine"' is not assignable/,
  ],
  [
    'missing body field',
    `export const h: H['createJob'] = () => ({ status: 201, body: { id: 'x' }, headers: { Location: 'x' } });`,
    /title/,
  ],
  [
    'wrong status',
    `export const h: H['getHealth'] = () => ({ status: 201, body: { status: 'ok' } });`,
    /not assignable/,
  ],
  [
    'status outside 4XX',
    `export const r: CreateJobResult = { status: 500, body: problem };`,
    /not assignable/,
  ],
  [
    'status inside 4XX',
    `export const r: CreateJobResult = { status: 409, body: { ...problem, status: 409 } };`,
    null,
  ],
  [
    'default excludes declared statuses',
    `export const r: ListJobsResult = { status: 200, body: problem };`,
    /not assignable/,
  ],
  [
    'missing required response header',
    `export const r: CreateJobResult = { status: 201, body: job };`,
    /headers/,
  ],
  [
    'ambiguous content type',
    `export const r: GetJobResult = { status: 200, body: job };`,
    /contentType/,
  ],
  [
    'body on a no-content status',
    `export const h: H['delete-job'] = () => ({ status: 204, body: job });`,
    /not assignable/,
  ],
  [
    'missing operation',
    `const { getJob: _g, ...rest } = ok; export const m: H = rest;`,
    /Property 'getJob' is missing/,
  ],
  [
    'missing operation in a tag',
    `export const j: JobsHandlers<User> = { listJobs: ok.listJobs, createJob: ok.createJob };`,
    /Property 'getJob' is missing/,
  ],
  [
    'public principal may be null',
    `export const h: H['getJob'] = ({ principal }) => ({ status: 200, body: { ...job, title: principal.id }, contentType: 'application/json' });`,
    /possibly 'null'/,
  ],
  [
    'wrong query type',
    `export const h: H['listJobs'] = ({ query }) => ({ status: 200, body: [{ ...job, title: query.limit }] });`,
    /not assignable/,
  ],
];

let diagnostics = new Map<string, string>();

beforeAll(async () => {
  const ir = await loadApi('test/fixtures/spec-suite/mini.yaml', { cwd: root });
  const runtimeImport = path.relative(genDir, path.join(root, 'runtime')).split(path.sep).join('/');
  await mkdir(genDir, { recursive: true });
  for (const file of [await emitTypes(ir), await emitHandlers(ir, { runtimeImport })]) {
    await writeFile(path.join(work, 'generated', file.path), file.contents);
  }
  const files = await Promise.all(
    cases.map(async ([, body], i) => {
      const file = path.join(work, `case${i}.ts`);
      await writeFile(file, `${prelude}\n${body}\n`);
      return file;
    }),
  );
  diagnostics = new Map(files.map((f) => [f, '']));
  for (const d of typecheck(files)) {
    const file = d.file?.fileName ?? '(global)';
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    diagnostics.set(file, `${diagnostics.get(file) ?? ''}${text}\n`);
  }
  const stray = [...diagnostics.keys()].filter((f) => !files.includes(f) && diagnostics.get(f));
  if (stray.length)
    throw new Error(
      `generated code does not compile:\n${stray.map((f) => `${f}: ${diagnostics.get(f)}`).join('\n')}`,
    );
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('generated Handlers interface', () => {
  it.each(cases.map(([name, , expected], i) => [name, i, expected] as const))(
    '%s',
    (_name, i, expected) => {
      const errors = diagnostics.get(path.join(work, `case${i}.ts`)) ?? '';
      if (expected === null) expect(errors).toBe('');
      else expect(errors).toMatch(expected);
    },
  );
});
