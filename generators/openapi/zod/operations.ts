/**
 * Operation validators (runtime/contract.ts `OperationValidators`) as source text:
 * parameters per location through the prelude's `params(...)`, bodies per content type
 * in request shape, responses per status and content type in response shape.
 */
import type { OperationIR, ParameterIR, ParameterLocation, SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import { key, lit } from './literal.js';
import type { SchemaPlan } from './plan.js';
import { defaultFits, toZod, type ExprContext } from './schema-expr.js';
import type { ParamKind } from './prelude.js';

const LOCATIONS: ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

/** Follows refs (bounded) to the schema that decides how a raw string is coerced. */
function resolved(s: SchemaObject, plan: SchemaPlan): SchemaObject {
  let cur = s;
  for (let i = 0; i < 20 && cur.$ref; i++) {
    const name = componentSchemaName(cur.$ref);
    const next = name !== undefined ? plan.schemas[name] : undefined;
    if (!next) return {};
    cur = next;
  }
  if (!cur.type && (cur.anyOf || cur.oneOf)) {
    const options = (cur.anyOf ?? cur.oneOf)!
      .map((o) => resolved(o, plan))
      .filter((o) => o.type !== 'null');
    if (options.length === 1) return options[0]!;
  }
  if (!cur.type && cur.allOf?.length === 1) return resolved(cur.allOf[0]!, plan);
  return cur;
}

function kindOf(s: SchemaObject, plan: SchemaPlan): ParamKind {
  const r = resolved(s, plan);
  const types = (Array.isArray(r.type) ? r.type : r.type ? [r.type] : []).filter(
    (t) => t !== 'null',
  );
  if (types.length === 0 && r.enum) {
    const first = r.enum.find((v) => v !== null);
    return typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string';
  }
  if (types.length !== 1)
    return types.includes('string') || types.length === 0 ? 'string' : 'unknown';
  const t = types[0]!;
  return t === 'integer' || t === 'number' || t === 'boolean' || t === 'string' ? t : 'unknown';
}

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
      (m) => `      ${key(m.contentType)}: ${toZod(m.schema, req)},`,
    );
    lines.push(
      `    body: {\n      required: ${op.requestBody.required},\n      content: {\n${content.map((c) => `  ${c}`).join('\n')}\n      },\n    },`,
    );
  }
  const responses = op.responses.map((r) => {
    const content = r.content.map(
      (m) =>
        `          ${key(m.contentType)}: ${toZod(m.schema, { ...res, indent: '          ' })},`,
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
