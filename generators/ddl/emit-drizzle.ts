/**
 * `DbSchema` → the text of `generated/db/schema.ts`: drizzle pgEnum/pgTable/relations
 * plus row types. Pure; formatting and the header are applied by the caller. Names of
 * constraints and indexes are always spelled out, so a model produced from the catalog
 * re-creates exactly that catalog (drizzle-kit's own default names differ from Postgres').
 */
import {
  columnExpression,
  customTypeDeclaration,
  customTypeName,
  type ColumnContext,
} from './drizzle-columns.js';
import { buildRelations, type RelationDef } from './drizzle-relations.js';
import type { DbSchema, IndexDef, TableDef } from './ir.js';
import { camelKey, identifier, jsDoc, pascal, propertyKey, templateBody } from './names.js';

const JSON_TYPES = `/** A JSON value as stored in json/jsonb columns (the same shape kysely-codegen emits). */
export type JsonValue = JsonArray | JsonObject | JsonPrimitive;
export type JsonArray = JsonValue[];
export type JsonObject = { [x: string]: JsonValue | undefined };
export type JsonPrimitive = boolean | number | string | null;
`;

/** Parents before children so FK targets are declared first; ties and cycles by name. */
export function tableOrder(tables: TableDef[]): TableDef[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableDef[] = [];
  const visit = (t: TableDef) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    const parents = [...new Set(t.foreignKeys.map((f) => f.foreignTable))].sort();
    for (const p of parents) {
      const parent = byName.get(p);
      if (parent && p !== t.name) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}

export function emitDrizzleSchema(schema: DbSchema): string {
  const imports = new Set<string>(['pgTable']);
  const ormImports = new Set<string>();
  const customs = new Set<string>();
  const tableConst = new Map(schema.tables.map((t) => [t.name, identifier(t.name)]));
  const enumConst = new Map(schema.enums.map((e) => [e.name, identifier(e.name)]));
  const use = (name: string) => (name === 'sql' ? ormImports.add('sql') : imports.add(name));

  const enumBlocks = schema.enums.map((e) => {
    imports.add('pgEnum');
    const id = enumConst.get(e.name)!;
    return (
      `export const ${id} = pgEnum(${JSON.stringify(e.name)}, ${JSON.stringify(e.values)});\n` +
      `export type ${pascal(e.name)} = (typeof ${id}.enumValues)[number];\n`
    );
  });

  const ordered = tableOrder(schema.tables);
  const tableBlocks = ordered.map((t) => {
    const singlePk =
      t.primaryKey && t.primaryKey.columns.length === 1 && t.primaryKey.name === `${t.name}_pkey`
        ? t.primaryKey.columns[0]
        : null;
    const columns = t.columns.map((c) => {
      const ctx: ColumnContext = {
        enumConst: (name) => enumConst.get(name) ?? identifier(name),
        use,
        useCustom: (sqlType) => {
          customs.add(sqlType);
          imports.add('customType');
          return customTypeName(sqlType);
        },
        isSinglePk: c.name === singlePk,
      };
      return `${jsDoc(c.comment, '  ')}  ${propertyKey(camelKey(c.name))}: ${columnExpression(c, ctx)},\n`;
    });
    const extras = tableExtras(t, singlePk !== null, tableConst, use);
    const id = tableConst.get(t.name)!;
    const extra = extras.length ? `, (t) => [\n${extras.map((e) => `  ${e},\n`).join('')}]` : '';
    return (
      jsDoc(t.comment) +
      `export const ${id} = pgTable(${JSON.stringify(t.name)}, {\n${columns.join('')}}${extra});\n` +
      `export type ${pascal(t.name)}Row = typeof ${id}.$inferSelect;\n` +
      `export type ${pascal(t.name)}Insert = typeof ${id}.$inferInsert;\n`
    );
  });

  const relations = buildRelations(schema);
  const relationBlocks = ordered
    .filter((t) => relations.get(t.name)!.length > 0)
    .map((t) => {
      ormImports.add('relations');
      return emitRelations(t.name, relations.get(t.name)!, tableConst);
    });

  const ormLine = ormImports.size
    ? `import { ${[...ormImports].sort().join(', ')} } from 'drizzle-orm';\n`
    : '';
  const coreLine = `import { ${[...imports].sort().join(', ')} } from 'drizzle-orm/pg-core';\n`;
  const customBlocks = [...customs].sort().map(customTypeDeclaration);
  return [
    ormLine + coreLine,
    JSON_TYPES,
    ...customBlocks,
    ...(enumBlocks.length ? ['// Enums', ...enumBlocks] : []),
    ...(tableBlocks.length ? ['// Tables', ...tableBlocks] : []),
    ...(relationBlocks.length ? ['// Relations (from foreign keys)', ...relationBlocks] : []),
  ].join('\n');
}

function tableExtras(
  t: TableDef,
  pkInline: boolean,
  tableConst: Map<string, string>,
  use: (name: string) => void,
): string[] {
  const col = (name: string) =>
    `t.${camelKey(name)}`.replace(/^t\.(.*[^A-Za-z0-9_$].*)$/, (_, k) => `t[${JSON.stringify(k)}]`);
  const out: string[] = [];
  if (t.primaryKey && !pkInline) {
    use('primaryKey');
    out.push(
      `primaryKey({ name: ${JSON.stringify(t.primaryKey.name)}, columns: [${t.primaryKey.columns.map(col).join(', ')}] })`,
    );
  }
  for (const fk of t.foreignKeys) {
    use('foreignKey');
    // A self-reference goes through `t`: naming the table inside its own initializer
    // would make its type circular.
    const target =
      fk.foreignTable === t.name
        ? 't'
        : (tableConst.get(fk.foreignTable) ?? identifier(fk.foreignTable));
    const fcol = (name: string) => (target === 't' ? col(name) : `${target}.${camelKey(name)}`);
    let e =
      `foreignKey({ name: ${JSON.stringify(fk.name)}, columns: [${fk.columns.map(col).join(', ')}], ` +
      `foreignColumns: [${fk.foreignColumns.map(fcol).join(', ')}] })`;
    if (fk.onDelete !== 'no action') e += `.onDelete('${fk.onDelete}')`;
    if (fk.onUpdate !== 'no action') e += `.onUpdate('${fk.onUpdate}')`;
    out.push(e);
  }
  for (const u of t.uniques) {
    use('unique');
    out.push(
      `unique(${JSON.stringify(u.name)}).on(${u.columns.map(col).join(', ')})` +
        (u.nullsNotDistinct ? '.nullsNotDistinct()' : ''),
    );
  }
  for (const c of t.checks) {
    use('check');
    use('sql');
    out.push(`check(${JSON.stringify(c.name)}, sql\`${templateBody(c.expression)}\`)`);
  }
  for (const i of t.indexes) out.push(indexExpression(i, col, use));
  return out;
}

function indexExpression(
  i: IndexDef,
  col: (name: string) => string,
  use: (name: string) => void,
): string {
  const fn = i.unique ? 'uniqueIndex' : 'index';
  use(fn);
  const elements = i.elements.map((e) => {
    if (e.column !== null) {
      let c = col(e.column);
      if (e.opclass) c += `.op(${JSON.stringify(e.opclass)})`;
      if (e.descending) c += '.desc()';
      // drizzle assumes NULLS LAST for every element unless told, while Postgres puts
      // NULLS FIRST by default for DESC; spelling it out keeps drizzle-kit's DDL exact.
      const nullsFirst = e.nullsFirst ?? e.descending;
      if (nullsFirst && (e.descending || e.nullsFirst === true)) c += '.nullsFirst()';
      if (e.nullsFirst === false) c += '.nullsLast()';
      return c;
    }
    use('sql');
    // An expression element keeps its modifiers in the SQL itself; drizzle has no
    // opclass/ordering API for SQL elements.
    let text = e.expression!;
    if (e.opclass) text += ` ${e.opclass}`;
    if (e.descending) text += ' DESC';
    if (e.nullsFirst === true) text += ' NULLS FIRST';
    if (e.nullsFirst === false) text += ' NULLS LAST';
    return `sql\`${templateBody(text)}\``;
  });
  let expr = `${fn}(${JSON.stringify(i.name)}).using(${JSON.stringify(i.method)}, ${elements.join(', ')})`;
  if (i.where !== null) {
    use('sql');
    expr += `.where(sql\`${templateBody(i.where)}\`)`;
  }
  return expr;
}

function emitRelations(
  table: string,
  rels: RelationDef[],
  tableConst: Map<string, string>,
): string {
  const self = tableConst.get(table)!;
  const kinds = [...new Set(rels.map((r) => r.kind))].sort();
  const body = rels.map((r) => {
    const target = tableConst.get(r.target)!;
    const opts = r.relationName === null ? [] : [`relationName: ${JSON.stringify(r.relationName)}`];
    if (r.fields) {
      opts.unshift(
        `fields: [${r.fields.map((f) => `${self}.${camelKey(f)}`).join(', ')}]`,
        `references: [${r.references!.map((f) => `${target}.${camelKey(f)}`).join(', ')}]`,
      );
    }
    const config = opts.length ? `, { ${opts.join(', ')} }` : '';
    return `  ${propertyKey(r.name)}: ${r.kind}(${target}${config}),\n`;
  });
  return `export const ${self}Relations = relations(${self}, ({ ${kinds.join(', ')} }) => ({\n${body.join('')}}));\n`;
}
