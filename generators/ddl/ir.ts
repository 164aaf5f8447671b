/**
 * The database catalog model (types only): what introspection reads out of a live
 * Postgres and what the drizzle emitter and the drift check consume. Everything is
 * sorted deterministically by introspection so emitters never need to sort again.
 * SQL fragments (defaults, CHECK bodies, index predicates) are kept exactly as Postgres
 * prints them (`pg_get_expr`, `pg_get_constraintdef`), so comparing two catalogs is a
 * string comparison and emitting them never re-parses SQL.
 */

export interface DbSchema {
  enums: EnumDef[];
  tables: TableDef[];
}

export interface EnumDef {
  name: string;
  /** In declaration order (`pg_enum.enumsortorder`), which is also their sort order. */
  values: string[];
}

export interface TableDef {
  name: string;
  comment: string | null;
  /** In column order (`attnum`). */
  columns: ColumnDef[];
  primaryKey: KeyDef | null;
  /** Sorted by constraint name. */
  foreignKeys: ForeignKeyDef[];
  uniques: UniqueDef[];
  checks: CheckDef[];
  /** Indexes not backing a PK or UNIQUE constraint, sorted by name. */
  indexes: IndexDef[];
}

export interface ColumnType {
  /**
   * The element type's name: a `pg_type.typname` for built-ins (`int4`, `varchar`,
   * `timestamptz`, `numeric`) or the enum's name when `isEnum`.
   */
  name: string;
  isEnum: boolean;
  /** 0 for scalars; >= 1 for arrays (Postgres does not enforce the declared count). */
  arrayDims: number;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(320)[]`: the human form. */
  sql: string;
  /** varchar(n) / char(n). */
  length?: number;
  /** numeric(p, s). */
  precision?: number;
  scale?: number;
  /** time/timestamp(p). */
  fractionalDigits?: number;
}

export interface ColumnDef {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** The DEFAULT expression as Postgres prints it, or null. Not set for identity/generated. */
  default: string | null;
  /** `serial`/`bigserial`/`smallserial`: an owned sequence feeding the default. */
  serial: boolean;
  identity: 'always' | 'by default' | null;
  /** Expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  generated: string | null;
  comment: string | null;
}

export interface KeyDef {
  name: string;
  columns: string[];
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /** `pg_get_constraintdef`, for the drift check (covers MATCH/DEFERRABLE too). */
  definition: string;
}

export interface UniqueDef {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
}

export interface CheckDef {
  name: string;
  /** The boolean expression inside CHECK (...), as Postgres prints it. */
  expression: string;
}

export interface IndexElement {
  /** Set when the element is a plain column. */
  column: string | null;
  /** Set when the element is an expression, e.g. `lower(display_name)`. */
  expression: string | null;
  /** Only when it is not the default operator class for the type and method. */
  opclass: string | null;
  descending: boolean;
  /** Only when not the default for the direction (NULLS LAST for ASC, FIRST for DESC). */
  nullsFirst: boolean | null;
}

export interface IndexDef {
  name: string;
  unique: boolean;
  /** Access method: btree, gin, gist, hash, brin... */
  method: string;
  elements: IndexElement[];
  /** Partial-index predicate, or null. */
  where: string | null;
  /** `pg_get_indexdef`: what the drift check compares. */
  definition: string;
}
