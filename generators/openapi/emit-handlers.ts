/**
 * `openapi/handlers.ts`: the strict `Handlers` interface. One property per operationId
 * (property, not method syntax, so parameter types are checked contravariantly), input
 * typed from openapi-typescript's `paths`, result a union with one member per declared
 * status and content type. Per-tag `Pick`s type each stub file.
 */
import { formatTsBounded, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR, OperationIR, ResponseIR } from './ir.js';
import { accessMode, memberName, operationTypeStems, tagGroups } from './op-names.js';
import { isBinaryResponse } from './zod/resolve.js';

export const HANDLERS_PATH = 'openapi/handlers.ts';

export interface HandlersEmitOptions {
  runtimeImport: string;
}

const generics = '<P = unknown, C extends RequestContext = RequestContext>';

const lit = (s: string) => JSON.stringify(s);

/**
 * Spec text (summaries, paths, tags) made safe inside a `//` or `/** *\/` comment: every
 * JS line terminator (not only \n: signl4's summaries carry \r) becomes a space, and `*\/`
 * cannot close the comment early.
 */
export const commentText = (s: string) =>
  s.replace(/\r\n?|[\n\u2028\u2029]/g, ' ').replace(/\*\//g, '*\\/');

function statusType(status: string, explicit: number[], ranges: string[]): string {
  if (/^\d+$/.test(status)) return status;
  const upper = status.toUpperCase();
  const range = /^([1-5])XX$/.exec(upper);
  if (range) {
    const sameRange = explicit.filter((s) => String(s)[0] === range[1]);
    return sameRange.length
      ? `Exclude<Status${range[1]}XX, ${sameRange.join(' | ')}>`
      : `Status${range[1]}XX`;
  }
  // `default`: every status not declared elsewhere.
  const taken = [...explicit.map(String), ...ranges.map((r) => `Status${r[0]}XX`)];
  return taken.length ? `Exclude<HttpStatus, ${taken.join(' | ')}>` : 'HttpStatus';
}

function responseMembers(opType: string, op: OperationIR, ir: ApiIR): string[] {
  const explicit = op.responses.filter((r) => /^\d+$/.test(r.status)).map((r) => Number(r.status));
  const ranges = op.responses
    .filter((r) => /^[1-5]XX$/i.test(r.status))
    .map((r) => r.status.toUpperCase());
  return op.responses.map((r: ResponseIR) => {
    const key = /^\d+$/.test(r.status) ? r.status : lit(r.status);
    const resp = `${opType}['responses'][${key}]`;
    const status = `status: ${statusType(r.status, explicit, ranges)};`;
    const headers = r.headers.some((h) => h.required)
      ? `headers: ${resp}['headers'];`
      : `headers?: ${resp}['headers'];`;
    if (r.content.length === 0) return `{ ${status} body?: undefined; ${headers} }`;
    const single = r.content.length === 1;
    return r.content
      .map((m) => {
        // Raw bytes or a stream, sent as is (runtime/response.ts).
        const body = isBinaryResponse(m.contentType, m.schema, ir)
          ? 'BinaryBody'
          : `${resp}['content'][${lit(m.contentType)}]`;
        return `{ ${status} body: ${body}; contentType${single ? '?' : ''}: ${lit(m.contentType)}; ${headers} }`;
      })
      .join('\n| ');
  });
}

function inputFields(opType: string, op: OperationIR): string[] {
  const fields: string[] = [];
  for (const location of ['path', 'query', 'header', 'cookie'] as const) {
    if (op.parameters.some((p) => p.in === location)) {
      fields.push(`${location}: NonNullable<${opType}['parameters'][${lit(location)}]>;`);
    }
  }
  const body = op.requestBody;
  if (body && body.content.length > 0) {
    const types = body.content.map(
      (m) => `NonNullable<${opType}['requestBody']>['content'][${lit(m.contentType)}]`,
    );
    fields.push(`body: ${types.join(' | ')}${body.required ? '' : ' | undefined'};`);
    fields.push(
      `/** The declared media type the body matched. */\ncontentType: ${body.content.map((m) => lit(m.contentType)).join(' | ')}${body.required ? '' : ' | undefined'};`,
    );
  }
  return fields;
}

function operationTypes(op: OperationIR, stem: string, ir: ApiIR): string {
  const opType = `${stem}Op`;
  const principal = { secured: 'P', optional: 'P | null', public: 'null' }[accessMode(op)];
  const doc = [`${op.method.toUpperCase()} ${op.path}`, op.summary].filter(Boolean).join(' — ');
  const members = responseMembers(opType, op, ir);
  const fields = inputFields(opType, op);
  return [
    `// ${commentText(doc)}`,
    `type ${opType} = paths[${lit(op.path)}][${lit(op.method)}];`,
    fields.length
      ? `export type ${stem}Input${generics} = HandlerInputBase<${principal}, C> & {\n${fields.join('\n')}\n};`
      : `export type ${stem}Input${generics} = HandlerInputBase<${principal}, C>;`,
    `export type ${stem}Result = ${members.length ? members.map((m) => `\n| ${m}`).join('') : 'never'};`,
    '',
  ].join('\n');
}

export async function emitHandlers(
  ir: ApiIR,
  options: HandlersEmitOptions,
): Promise<GeneratedFile> {
  const stems = operationTypeStems(ir);
  const groups = tagGroups(ir);
  const binary = ir.operations.some((op) =>
    op.responses.some((r) => r.content.some((m) => isBinaryResponse(m.contentType, m.schema, ir))),
  );
  const source = [
    generatedHeader(ir.sourcePath, 'emit-handlers'),
    `import type { ${binary ? 'BinaryBody, ' : ''}HandlerInputBase, HttpStatus, MaybePromise, RequestContext, Status1XX, Status2XX, Status3XX, Status4XX, Status5XX } from '${options.runtimeImport}/handler-types.js';`,
    `import type { paths } from './types.js';`,
    '',
    '// Keeps the status-range imports used whatever the spec declares.',
    'export type AnyStatusRange = Status1XX | Status2XX | Status3XX | Status4XX | Status5XX;',
    '',
    ...ir.operations.map((op) => operationTypes(op, stems.get(op.operationId)!, ir)),
    `/** One handler per operation; \`createApi\` requires all of them. */`,
    `export interface Handlers${generics} {`,
    ...ir.operations.map((op) => {
      const stem = stems.get(op.operationId)!;
      return `/** ${op.method.toUpperCase()} ${commentText(op.path)} */\n${memberName(op.operationId)}: (input: ${stem}Input<P, C>) => MaybePromise<${stem}Result>;`;
    }),
    '}',
    '',
    ...groups.map(
      (g) =>
        `/** Operations tagged \`${commentText(g.tag)}\`: what \`${g.factoryName}\` must return. */\nexport type ${g.typeName}${generics} = Pick<Handlers<P, C>, ${g.operations.map((op) => lit(op.operationId)).join(' | ')}>;`,
    ),
    '',
    '/** Operation ids per handler file, as the stub generator groups them. */',
    `export const operationIdsByTag = {\n${groups
      .map(
        (g) => `${lit(g.fileStem)}: [${g.operations.map((op) => lit(op.operationId)).join(', ')}],`,
      )
      .join('\n')}\n} as const;`,
    '',
  ].join('\n');
  return { path: HANDLERS_PATH, contents: await formatTsBounded(source) };
}
