/**
 * Live catalog → `DbSchema`. Runs the catalog queries through any query function (a
 * PGlite instance, a pg Pool or Client), so the generator (fresh PGlite) and the drift
 * check (a user's live database) read databases the same way. Turning rows into the
 * model is pure and lives in `rowsToSchema`.
 */
import {
  COLUMNS_SQL,
  CONSTRAINTS_SQL,
  ENUMS_SQL,
  INDEX_ELEMENTS_SQL,
  INDEXES_SQL,
  TABLES_SQL,
} from './catalog-queries.js';
import type {
  ColumnDef,
  ColumnType,
  DbSchema,
  IndexDef,
  ReferentialAction,
  TableDef,
} from './ir.js';

/** What both `PGlite#query` and `pg.Pool#query` look like from here. */
export type QueryFn = (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

/** Tables that belong to the tooling, not to the schema (the migration ledger). */
export const TOOLING_TABLES = new Set(['schema_migrations']);

export interface CatalogRows {
  enums: Row[];
  tables: Row[];
  columns: Row[];
  constraints: Row[];
  indexes: Row[];
  indexElements: Row[];
}
type Row = Record<string, unknown>;

export async function readCatalog(query: QueryFn, schema = 'public'): Promise<CatalogRows> {
  const run = async (sql: string) => (await query(sql, [schema])).rows as Row[];
  // Sequential on purpose: a PGlite instance serialises queries anyway, and a pg Client
  // would otherwise queue them with a deprecation warning.
  return {
    enums: await run(ENUMS_SQL),
    tables: await run(TABLES_SQL),
    columns: await run(COLUMNS_SQL),
    constraints: await run(CONSTRAINTS_SQL),
    indexes: await run(INDEXES_SQL),
    indexElements: await run(INDEX_ELEMENTS_SQL),
  };
}

export async function introspect(query: QueryFn, schema = 'public'): Promise<DbSchema> {
  return rowsToSchema(await readCatalog(query, schema));
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function rowsToSchema(rows: CatalogRows): DbSchema {
  const tables = new Map<string, TableDef>();
  for (const r of rows.tables) {
    const name = str(r.name);
    if (TOOLING_TABLES.has(name)) continue;
    tables.set(name, {
      name,
      comment: strOrNull(r.comment),
      columns: [],
      primaryKey: null,
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
    });
  }
  for (const r of rows.columns) tables.get(str(r.table_name))?.columns.push(rowToColumn(r));
  for (const r of rows.constraints) {
    const t = tables.get(str(r.table_name));
    if (!t) continue;
    const name = str(r.name);
    const columns = strings(r.columns);
    switch (r.type) {
      case 'p':
        t.primaryKey = { name, columns };
        break;
      case 'u':
        t.uniques.push({ name, columns, nullsNotDistinct: r.nulls_not_distinct === true });
        break;
      case 'f':
        t.foreignKeys.push({
          name,
          columns,
          foreignTable: str(r.foreign_table),
          foreignColumns: strings(r.foreign_columns),
          onDelete: ACTIONS[str(r.on_delete)] ?? 'no action',
          onUpdate: ACTIONS[str(r.on_update)] ?? 'no action',
          definition: str(r.definition),
        });
        break;
      case 'c':
        t.checks.push({ name, expression: str(r.check_expr) });
        break;
    }
  }
  const elementsByIndex = new Map<string, Row[]>();
  for (const e of rows.indexElements) {
    const key = str(e.index_name);
    const list = elementsByIndex.get(key) ?? [];
    list.push(e);
    elementsByIndex.set(key, list);
  }
  for (const r of rows.indexes) {
    const t = tables.get(str(r.table_name));
    if (!t) continue;
    t.indexes.push(rowToIndex(r, elementsByIndex.get(str(r.name)) ?? []));
  }
  return {
    enums: rows.enums.map((r) => ({ name: str(r.name), values: strings(r.values) })),
    tables: [...tables.values()],
  };
}

function rowToColumn(r: Row): ColumnDef {
  const identity = r.identity === 'a' ? 'always' : r.identity === 'd' ? 'by default' : null;
  const generated = r.generated === 's' ? strOrNull(r.default_expr) : null;
  const defaultExpr = identity || generated ? null : strOrNull(r.default_expr);
  const serial =
    identity === null &&
    r.owned_sequence !== null &&
    defaultExpr !== null &&
    defaultExpr.startsWith('nextval(');
  return {
    name: str(r.name),
    type: decodeType(
      str(r.type_name),
      r.is_enum === true,
      r.is_array === true,
      Number(r.ndims),
      Number(r.typmod),
      str(r.sql_type),
    ),
    notNull: r.not_null === true,
    default: defaultExpr,
    serial,
    identity,
    generated,
    comment: strOrNull(r.comment),
  };
}

/** Decodes `atttypmod`, whose layout depends on the type (see Postgres' `*typmodout`). */
export function decodeType(
  name: string,
  isEnum: boolean,
  isArray: boolean,
  ndims: number,
  typmod: number,
  sql: string,
): ColumnType {
  const type: ColumnType = { name, isEnum, arrayDims: isArray ? Math.max(1, ndims) : 0, sql };
  if (typmod < 0) return type;
  switch (name) {
    case 'varchar':
    case 'bpchar':
      type.length = typmod - 4;
      break;
    case 'numeric':
      type.precision = ((typmod - 4) >> 16) & 0xffff;
      type.scale = (typmod - 4) & 0xffff;
      break;
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      // interval packs its field mask in the high bits; only the precision is kept.
      type.fractionalDigits = typmod & 0xffff;
      break;
  }
  return type;
}

function rowToIndex(r: Row, elements: Row[]): IndexDef {
  return {
    name: str(r.name),
    unique: r.is_unique === true,
    method: str(r.method),
    where: strOrNull(r.predicate),
    definition: str(r.definition),
    elements: elements.map((e) => {
      const options = Number(e.options);
      const descending = (options & 1) === 1;
      const nullsFirst = (options & 2) === 2;
      const column = strOrNull(e.column_name);
      return {
        column,
        expression: column === null ? str(e.element) : null,
        opclass: e.opclass_is_default === true ? null : str(e.opclass),
        descending,
        // Only ordered methods have NULLS placement; report it only when not the default.
        nullsFirst: nullsFirst === descending ? null : nullsFirst,
      };
    }),
  };
}
