/**
 * Two catalogs → every difference between them, as readable lines. Pure. The drift
 * check (`npm run db:check`) compares a live database with db/schema.sql loaded into a
 * fresh PGlite; the migration tests compare "all migrations applied" with the schema.
 * Both sides are printed by Postgres itself, so equal DDL compares equal text.
 */
import type { ColumnDef, DbSchema, TableDef } from './ir.js';

export interface SchemaDifference {
  /** `table`, `column`, `type`, `nullability`, `default`, `constraint`, `index`, `enum`, ... */
  kind: string;
  /** What it concerns, e.g. `jobs.salary_min` or `index jobs_tags_idx`. */
  object: string;
  /** `missing` (in the schema, not in the database), `extra`, or `expected X, found Y`. */
  detail: string;
}

export function formatDifference(d: SchemaDifference): string {
  return `${d.kind} ${d.object}: ${d.detail}`;
}

const byName = <T extends { name: string }>(xs: T[]) => new Map(xs.map((x) => [x.name, x]));

function compareSets<T extends { name: string }>(
  expected: T[],
  actual: T[],
  kind: string,
  label: (x: T) => string,
  out: SchemaDifference[],
  same: (e: T, a: T) => string | null,
): void {
  const a = byName(actual);
  const e = byName(expected);
  for (const x of expected) {
    const y = a.get(x.name);
    if (!y) out.push({ kind, object: label(x), detail: 'missing' });
    else {
      const diff = same(x, y);
      if (diff) out.push({ kind, object: label(x), detail: diff });
    }
  }
  for (const y of actual) {
    if (!e.has(y.name)) out.push({ kind, object: label(y), detail: 'extra (not in the schema)' });
  }
}

const differs = (what: string, e: string, a: string) =>
  e === a ? null : `${what}: expected ${e}, found ${a}`;

function columnDiffs(t: string, e: ColumnDef, a: ColumnDef, out: SchemaDifference[]): void {
  const object = `${t}.${e.name}`;
  const push = (kind: string, detail: string | null) =>
    detail && out.push({ kind, object, detail });
  push('type', differs('type', e.type.sql, a.type.sql));
  push(
    'nullability',
    differs('nullability', e.notNull ? 'NOT NULL' : 'NULL', a.notNull ? 'NOT NULL' : 'NULL'),
  );
  push('default', differs('default', e.default ?? '(none)', a.default ?? '(none)'));
  push('identity', differs('identity', e.identity ?? '(none)', a.identity ?? '(none)'));
  push(
    'generated',
    differs('generated expression', e.generated ?? '(none)', a.generated ?? '(none)'),
  );
  push('comment', differs('comment', JSON.stringify(e.comment), JSON.stringify(a.comment)));
}

function tableDiffs(e: TableDef, a: TableDef, out: SchemaDifference[]): void {
  const t = e.name;
  compareSets(
    e.columns,
    a.columns,
    'column',
    (c) => `${t}.${c.name}`,
    out,
    (x, y) => {
      columnDiffs(t, x, y, out);
      return null;
    },
  );
  const pk = (x: TableDef) =>
    x.primaryKey ? `${x.primaryKey.name} (${x.primaryKey.columns.join(', ')})` : '(none)';
  const pkDiff = differs('primary key', pk(e), pk(a));
  if (pkDiff) out.push({ kind: 'constraint', object: `${t} primary key`, detail: pkDiff });
  compareSets(
    e.foreignKeys,
    a.foreignKeys,
    'constraint',
    (c) => `${t}.${c.name} (foreign key)`,
    out,
    (x, y) => differs('definition', x.definition, y.definition),
  );
  compareSets(
    e.uniques,
    a.uniques,
    'constraint',
    (c) => `${t}.${c.name} (unique)`,
    out,
    (x, y) =>
      differs(
        'columns',
        `(${x.columns.join(', ')})${x.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`,
        `(${y.columns.join(', ')})${y.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`,
      ),
  );
  compareSets(
    e.checks,
    a.checks,
    'constraint',
    (c) => `${t}.${c.name} (check)`,
    out,
    (x, y) => differs('expression', x.expression, y.expression),
  );
  compareSets(
    e.indexes,
    a.indexes,
    'index',
    (i) => `${t}.${i.name}`,
    out,
    (x, y) => differs('definition', x.definition, y.definition),
  );
  const comment = differs('comment', JSON.stringify(e.comment), JSON.stringify(a.comment));
  if (comment) out.push({ kind: 'comment', object: `table ${t}`, detail: comment });
}

/** Differences in a stable order: enums, then tables by name, each table's parts in order. */
export function diffSchemas(expected: DbSchema, actual: DbSchema): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  compareSets(
    expected.enums,
    actual.enums,
    'enum',
    (x) => x.name,
    out,
    (x, y) => differs('values', x.values.join(', '), y.values.join(', ')),
  );
  compareSets(
    expected.tables,
    actual.tables,
    'table',
    (x) => x.name,
    out,
    (x, y) => {
      tableDiffs(x, y, out);
      return null;
    },
  );
  return out;
}
