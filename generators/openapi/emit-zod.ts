/**
 * `openapi/schemas.ts`: zod v4 validators for every component schema and every operation.
 *
 * Exports (see zod/plan.ts for the naming):
 * - `<Ident>` per component schema, response shape; `<Ident>Input` request shape where
 *   readOnly/writeOnly properties make the two differ;
 * - `schemas` / `inputSchemas`: the same consts keyed by the spec's schema names;
 * - `operationValidators`: `Record<operationId, OperationValidators>`.
 * Each const is annotated with its openapi-typescript type (asserted, see the prelude).
 */
import { formatTs, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { PRELUDE_IMPORTS } from './zod/idents.js';
import { docComment, key, lit } from './zod/literal.js';
import { operationExpr } from './zod/operations.js';
import { planSchemas, type SchemaPlan, type Unit } from './zod/plan.js';
import { hiddenProperties, toZod } from './zod/schema-expr.js';

export const SCHEMAS_PATH = 'openapi/schemas.ts';

export interface EmitZodOptions {
  /** Import path of runtime/contract.ts as seen from the emitted file. */
  contractImport?: string;
  /** Import path of the openapi-typescript output as seen from the emitted file. */
  typesImport?: string;
  /** Run prettier when the unformatted output is smaller than this (bytes). */
  prettierMaxBytes?: number;
}

function staticType(unit: Unit, plan: SchemaPlan): string {
  const base = `Schemas[${lit(unit.name)}]`;
  const hidden = hiddenProperties(plan.schemas[unit.name]!, plan, unit.mode);
  return hidden.length === 0 ? base : `Omit<${base}, ${hidden.map((h) => lit(h)).join(' | ')}>`;
}

function schemaConst(unit: Unit, plan: SchemaPlan): string {
  const schema = plan.schemas[unit.name]!;
  const expr = toZod(schema, { plan, mode: unit.mode, unit, indent: '  ' });
  const label =
    unit.mode === 'request'
      ? ` (request shape)`
      : plan.hasVariant(unit.name)
        ? ' (response shape)'
        : '';
  const doc = docComment(
    `${unit.name}${label}${schema.description ? `: ${schema.description}` : ''}`,
  );
  return `${doc}export const ${unit.ident}: z.ZodType<${staticType(unit, plan)}> = typed(\n  ${expr},\n);\n`;
}

export async function emitZod(ir: ApiIR, opts: EmitZodOptions = {}): Promise<GeneratedFile> {
  const contractImport = opts.contractImport ?? '../../runtime/contract.js';
  // The prelude sits beside contract.ts in the runtime, wherever that is imported from.
  const preludeImport = contractImport.replace(/contract\.js$/, 'zod-prelude.js');
  const typesImport = opts.typesImport ?? './types.js';
  const plan = planSchemas(ir.schemas);
  const names = Object.keys(ir.schemas).sort();

  const out: string[] = [
    generatedHeader(ir.sourcePath, 'zod'),
    `/* eslint-disable */`,
    `import { z } from 'zod';`,
    `import type { OperationValidators } from ${lit(contractImport)};`,
    `import { ${PRELUDE_IMPORTS.join(', ')} } from ${lit(preludeImport)};`,
    `import type { components } from ${lit(typesImport)};`,
    '',
    `type Schemas = components extends { schemas: infer S } ? S : Record<string, never>;`,
    '',
  ];
  for (const unit of plan.units) out.push(schemaConst(unit, plan));

  out.push(`/** Response shapes by the spec's schema names. */`);
  out.push(`export const schemas: Record<string, z.ZodType> = {`);
  for (const n of names) out.push(`  ${key(n)}: ${plan.identFor(n, 'response')},`);
  out.push(`};\n`);
  out.push(
    `/** Request shapes by the spec's schema names (same const where no read/write-only). */`,
  );
  out.push(`export const inputSchemas: Record<string, z.ZodType> = {`);
  for (const n of names) out.push(`  ${key(n)}: ${plan.identFor(n, 'request')},`);
  out.push(`};\n`);

  // Through the prelude's `validators`: checking the literal against `z.ZodType` directly
  // dominated tsc's time and memory on big specs.
  out.push(`export const operationValidators: Record<string, OperationValidators> = validators({`);
  for (const op of ir.operations) {
    out.push(
      `${docComment(`${op.method.toUpperCase()} ${op.path}`, '  ')}  ${key(op.operationId)}: ${operationExpr(op, plan)},`,
    );
  }
  out.push(`});\n`);

  let contents = out.join('\n');
  if (contents.length <= (opts.prettierMaxBytes ?? 400_000)) contents = await formatTs(contents);
  return { path: SCHEMAS_PATH, contents };
}
