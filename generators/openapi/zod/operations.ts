/**
 * Operation validators (runtime/contract.ts `OperationValidators`) as source text:
 * parameters per location through the prelude's `params(...)`, bodies per content type
 * in request shape, responses per status and content type in response shape.
 */
import { mediaKind } from '../../../runtime/media-types.js';
import type { MediaIR, OperationIR, ParameterIR, ParameterLocation } from '../ir.js';
import { formPlan } from './form-fields.js';
import { key, lit } from './literal.js';
import type { SchemaPlan } from './plan.js';
import { defaultFits, toZod, type ExprContext } from './schema-expr.js';
import type { ParamKind } from '../../../runtime/zod-prelude.js';
import { isBinaryResponse, kindOf, resolved } from './resolve.js';

const LOCATIONS: ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

function paramSpec(p: ParameterIR, plan: SchemaPlan, ctx: ExprContext): string {
  const r = resolved(p.schema, plan);
  const types = Array.isArray(r.type) ? r.type : r.type ? [r.type] : [];
  const shape =
    types.includes('array') || r.items
      ? 'array'
      : types.includes('object') || r.properties
        ? 'object'
        : 'primitive';
  let kind: ParamKind = 'string';
  let props = '';
  if (shape === 'array') kind = r.items ? kindOf(r.items, plan) : 'string';
  else if (shape === 'primitive') kind = kindOf(p.schema, plan);
  else {
    const entries = Object.entries(r.properties ?? {}).map(
      ([n, s]) => `${key(n)}: ${lit(kindOf(s, plan))}`,
    );
    props = `, props: { ${entries.join(', ')} }`;
  }
  let schema = toZod(p.schema, ctx);
  const withDefault = !p.required && defaultFits(p.schema, p.schema.default);
  if (withDefault) schema += `.default(${lit(p.schema.default)})`;
  return (
    `{ name: ${lit(p.name)}, style: ${lit(p.style)}, explode: ${p.explode}, shape: ${lit(shape)}, ` +
    `kind: ${lit(kind)}${props}, required: ${p.required || withDefault}, schema: ${schema} }`
  );
}

/**
 * A request body's validator, over what the runtime hands it for that media type
 * (runtime/media-types.ts): form bodies are decoded and coerced first; bodies the runtime
 * cannot parse (binary kinds: octet-stream, images, XML, wildcards…) arrive as a Blob
 * whatever their schema says, and are checked as such.
 */
export function requestBodyExpr(m: MediaIR, plan: SchemaPlan, req: ExprContext): string {
  const kind = mediaKind(m.contentType);
  if (kind === 'binary') return 'binary';
  const schema = toZod(m.schema, req);
  if (kind !== 'form' && kind !== 'multipart') return schema;
  const { fields, extra } = formPlan(m, plan);
  return `formBody(${lit(kind)}, ${lit(fields)}, ${lit(extra)}, ${schema})`;
}

export function operationExpr(op: OperationIR, plan: SchemaPlan): string {
  const req: ExprContext = { plan, mode: 'request', indent: '      ' };
  const res: ExprContext = { plan, mode: 'response', indent: '        ' };
  const lines: string[] = [];
  for (const loc of LOCATIONS) {
    const ps = op.parameters.filter((p) => p.in === loc);
    if (ps.length === 0) continue;
    lines.push(
      `    ${loc}: params(${lit(loc)}, [\n${ps.map((p) => `      ${paramSpec(p, plan, req)},`).join('\n')}\n    ]),`,
    );
  }
  if (op.requestBody) {
    const content = op.requestBody.content.map(
      (m) => `      ${key(m.contentType)}: ${requestBodyExpr(m, plan, req)},`,
    );
    lines.push(
      `    body: {\n      required: ${op.requestBody.required},\n      content: {\n${content.map((c) => `  ${c}`).join('\n')}\n      },\n    },`,
    );
  }
  const responses = op.responses.map((r) => {
    const content = r.content.map(
      (m) =>
        `          ${key(m.contentType)}: ${isBinaryResponse(m.contentType, m.schema, plan) ? 'binary' : toZod(m.schema, { ...res, indent: '          ' })},`,
    );
    const contentText = content.length === 0 ? '{}' : `{\n${content.join('\n')}\n        }`;
    let headers = '';
    if (r.headers.length > 0) {
      const fields = r.headers.map(
        (h) =>
          `          ${key(h.name)}: ${toZod(h.schema, { ...res, indent: '          ' })}${h.required ? '' : '.optional()'},`,
      );
      headers = `\n        headers: z.object({\n${fields.join('\n')}\n        }),`;
    }
    return `      ${key(r.status)}: {\n        content: ${contentText},${headers}\n      },`;
  });
  lines.push(
    responses.length === 0
      ? '    responses: {},'
      : `    responses: {\n${responses.join('\n')}\n    },`,
  );
  return `{\n${lines.join('\n')}\n  }`;
}
