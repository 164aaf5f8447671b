/**
 * One column → its drizzle builder expression. The deliberate type mapping lives here
 * (documented in docs/database.md, "Type mapping"):
 *   bigint/bigserial → number (mode 'number'; exact up to 2^53-1, JSON-safe)
 *   numeric/decimal  → string (exact; never a float)
 *   timestamp[tz]    → Date (mode 'date')
 *   date             → string 'YYYY-MM-DD' (a calendar day has no time zone)
 *   time, interval   → string
 *   json/jsonb       → JsonValue
 *   bytea            → Uint8Array
 *   anything else drizzle lacks (tsvector, citext, ...) → string via customType
 */
import type { ColumnDef, ColumnType } from './ir.js';
import { identifier, templateBody } from './names.js';

export interface ColumnContext {
  /** Enum name → the emitted pgEnum constant. */
  enumConst: (enumName: string) => string;
  /** Records a drizzle import or a custom type the file must declare. */
  use: (name: string) => void;
  useCustom: (sqlType: string) => string;
  isSinglePk: boolean;
}

/** Types drizzle-orm/pg-core exports a builder for, with the builder's options. */
function builderFor(t: ColumnType, col: ColumnDef, ctx: ColumnContext): string {
  const n = JSON.stringify(col.name);
  const fd = t.fractionalDigits !== undefined ? `, precision: ${t.fractionalDigits}` : '';
  if (t.isEnum) return `${ctx.enumConst(t.name)}(${n})`;
  const call = (fn: string, opts?: string) => {
    ctx.use(fn);
    return opts ? `${fn}(${n}, { ${opts} })` : `${fn}(${n})`;
  };
  if (col.serial && t.arrayDims === 0) {
    if (t.name === 'int2') return call('smallserial');
    if (t.name === 'int4') return call('serial');
    if (t.name === 'int8') return call('bigserial', "mode: 'number'");
  }
  switch (t.name) {
    case 'int2':
      return call('smallint');
    case 'int4':
      return call('integer');
    case 'int8':
      return call('bigint', "mode: 'number'");
    case 'float4':
      return call('real');
    case 'float8':
      return call('doublePrecision');
    case 'numeric':
      return t.precision !== undefined
        ? call('numeric', `precision: ${t.precision}, scale: ${t.scale ?? 0}`)
        : call('numeric');
    case 'bool':
      return call('boolean');
    case 'text':
      return call('text');
    case 'varchar':
      return call('varchar', t.length !== undefined ? `length: ${t.length}` : undefined);
    case 'bpchar':
      return call('char', t.length !== undefined ? `length: ${t.length}` : undefined);
    case 'uuid':
      return call('uuid');
    case 'json':
      return `${call('json')}.$type<JsonValue>()`;
    case 'jsonb':
      return `${call('jsonb')}.$type<JsonValue>()`;
    case 'date':
      return call('date', "mode: 'string'");
    case 'time':
      return call('time', fd ? fd.slice(2) : undefined);
    case 'timetz':
      return call('time', `withTimezone: true${fd}`);
    case 'timestamp':
      return call('timestamp', `mode: 'date'${fd}`);
    case 'timestamptz':
      return call('timestamp', `withTimezone: true, mode: 'date'${fd}`);
    case 'interval':
      return call('interval');
    case 'inet':
      return call('inet');
    case 'cidr':
      return call('cidr');
    case 'macaddr':
      return call('macaddr');
    case 'macaddr8':
      return call('macaddr8');
    default:
      return `${ctx.useCustom(t.name)}(${n})`;
  }
}

/** Unquotes a Postgres string literal body: `it''s` → `it's`. */
const unquote = (s: string) => s.replace(/''/g, "'");

/**
 * Postgres prints defaults in a canonical form (`'draft'::job_status`, `now()`, `0`);
 * the common ones become JS values, everything else stays SQL, verbatim — in particular
 * array defaults (`'{}'::text[]`), which drizzle-kit pull mangles.
 */
export function defaultModifier(col: ColumnDef, ctx: ColumnContext): string | null {
  const d = col.default;
  if (d === null) return null;
  const t = col.type;
  if (col.serial) return null;
  if (t.arrayDims === 0) {
    // Only `now()`: drizzle-kit writes `.defaultNow()` back as `now()`, so anything else
    // (CURRENT_TIMESTAMP) stays verbatim to round-trip exactly.
    if (d === 'now()') {
      if (t.name === 'timestamptz' || t.name === 'timestamp') return '.defaultNow()';
    }
    if (d === 'gen_random_uuid()' && t.name === 'uuid') return '.defaultRandom()';
    if ((d === 'true' || d === 'false') && t.name === 'bool') return `.default(${d})`;
    if (/^-?\d+(\.\d+)?$/.test(d) || /^\(-\d+(\.\d+)?\)$/.test(d)) {
      const num = d.replace(/[()]/g, '');
      if (['int2', 'int4', 'int8', 'float4', 'float8'].includes(t.name)) {
        return `.default(${num})`;
      }
      if (t.name === 'numeric') return `.default(${JSON.stringify(num)})`;
    }
    const lit = /^'((?:[^']|'')*)'::(.+)$/s.exec(d);
    if (lit) {
      const castTo = lit[2]!.replace(/^"|"$/g, '');
      const stringish = ['text', 'character varying', 'bpchar', 'character'];
      const sameType = t.isEnum
        ? castTo === t.name
        : stringish.some((s) => castTo === s || castTo.startsWith(`${s}(`));
      if (
        sameType &&
        ['text', 'varchar', 'bpchar'].concat(t.isEnum ? [t.name] : []).includes(t.name)
      ) {
        return `.default(${JSON.stringify(unquote(lit[1]!))})`;
      }
    }
    if (/^'((?:[^']|'')*)'$/.test(d) && ['text', 'varchar', 'bpchar'].includes(t.name)) {
      return `.default(${JSON.stringify(unquote(d.slice(1, -1)))})`;
    }
  }
  ctx.use('sql');
  return `.default(sql\`${templateBody(d)}\`)`;
}

export function columnExpression(col: ColumnDef, ctx: ColumnContext): string {
  let expr = builderFor(col.type, col, ctx);
  for (let i = 0; i < col.type.arrayDims; i++) expr += '.array()';
  if (ctx.isSinglePk) expr += '.primaryKey()';
  if (col.identity === 'always') expr += '.generatedAlwaysAsIdentity()';
  else if (col.identity === 'by default') expr += '.generatedByDefaultAsIdentity()';
  // PK and identity imply NOT NULL in drizzle; serial builders are NOT NULL already.
  if (col.notNull && !ctx.isSinglePk && !col.identity && !col.serial) expr += '.notNull()';
  const def = defaultModifier(col, ctx);
  if (def) expr += def;
  if (col.generated !== null) {
    ctx.use('sql');
    expr += `.generatedAlwaysAs(sql\`${templateBody(col.generated)}\`)`;
  }
  return expr;
}

/** Declarations for the custom types a file uses (types drizzle has no builder for). */
export function customTypeDeclaration(sqlType: string): string {
  const id = customTypeName(sqlType);
  const bytes = sqlType === 'bytea';
  const data = bytes ? 'Uint8Array' : 'string';
  // node-postgres sends only Buffers as binary; PGlite accepts any Uint8Array.
  const toDriver = bytes
    ? `  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),\n`
    : '';
  return (
    `/** Postgres \`${sqlType}\`, read and written as ${data}. */\n` +
    `const ${id} = customType<{ data: ${data}; driverData: ${data} }>({\n` +
    `  dataType: () => ${JSON.stringify(sqlType)},\n` +
    toDriver +
    `});\n`
  );
}

export const customTypeName = (sqlType: string) => `${identifier(sqlType)}Type`;
